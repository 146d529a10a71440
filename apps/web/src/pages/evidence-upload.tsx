import { FormEvent, useRef, useState } from 'react';
import { upload } from '../api';
import { useI18n } from '../i18n';
import { ErrorNote, Field } from '../ui';

/** Attaches a file to a case, showing the upload's progress (XMLHttpRequest upload events). */
export function EvidenceUpload({ reference, onUploaded }: { reference: string; onUploaded?(): void }) {
  const { t } = useI18n();
  const fileRef = useRef<HTMLInputElement>(null);
  const [description, setDescription] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [done, setDone] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    setError(undefined);
    const form = new FormData();
    // Fields before the file: the server reads the parts in order while the file streams.
    if (description) form.append('description', description);
    form.append('public', String(isPublic));
    form.append('file', file);
    setProgress(0);
    try {
      await upload(`/api/v1/cases/${encodeURIComponent(reference)}/evidence`, form, setProgress);
      setDone((d) => [...d, file.name]);
      if (fileRef.current) fileRef.current.value = '';
      setDescription('');
      onUploaded?.();
    } catch (err) {
      setError(err);
      setProgress(null);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="card">
      <h3>{t('file.attach')}</h3>
      <Field label={t('file.file')}>
        <input type="file" ref={fileRef} name="file" required />
      </Field>
      <Field label={t('file.evidenceDescription')}>
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <label>
        <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} /> {t('file.public')}
      </label>
      <div className="row">
        <button type="submit">{t('file.upload')}</button>
        {progress !== null ? (
          <label>
            {t('file.progress')} <progress max={1} value={progress} data-progress={progress} />{' '}
            {Math.round(progress * 100)}%
          </label>
        ) : null}
      </div>
      <ErrorNote error={error} />
      <ul aria-live="polite">
        {done.map((name) => (
          <li key={name}>{t('file.uploaded', { name })}</li>
        ))}
      </ul>
    </form>
  );
}
