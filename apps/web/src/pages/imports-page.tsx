import { FormEvent, useEffect, useRef, useState } from 'react';
import { api, upload } from '../api';
import { useI18n } from '../i18n';
import { ErrorNote, Field, PageTitle } from '../ui';
import { ElectionPicker } from './election-picker';

interface Report {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  rowsTotal: number | null;
  rowsAccepted: number;
  rowsRejected: number;
  errors: { row: number; field: string; message: string }[];
  failure?: string | null;
}

export function ImportsPage() {
  const { t, term } = useI18n();
  const [election, setElection] = useState('');
  const [kind, setKind] = useState('sheets');
  const [source, setSource] = useState('official_final');
  const [uploadProgress, setUploadProgress] = useState<number | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>();
  const fileRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!report || report.status === 'succeeded' || report.status === 'failed') return;
    const timer = setTimeout(() => {
      api<Report>(`/api/v1/imports/${report.id}`).then(setReport).catch(setError);
    }, 500);
    return () => clearTimeout(timer);
  }, [report]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    setError(undefined);
    setReport(null);
    const form = new FormData();
    form.append('kind', kind);
    if (kind === 'sheets') form.append('source', source);
    form.append('file', file);
    try {
      const started = await upload<{ id: string }>(
        `/api/v1/elections/${encodeURIComponent(election)}/imports`,
        form,
        setUploadProgress,
      );
      setReport(await api<Report>(`/api/v1/imports/${started.id}`));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>{t('imports.title')}</PageTitle>
      <form onSubmit={(e) => void submit(e)} className="card">
        <ElectionPicker value={election} onChange={setElection} required />
        <Field label={t('imports.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {['stations', 'seats', 'sheets'].map((k) => (
              <option key={k} value={k}>
                {term(k)}
              </option>
            ))}
          </select>
        </Field>
        {kind === 'sheets' ? (
          <Field label={t('imports.source')}>
            <input value={source} onChange={(e) => setSource(e.target.value)} />
          </Field>
        ) : null}
        <Field label={t('file.file')}>
          <input type="file" accept=".csv,text/csv" ref={fileRef} required />
        </Field>
        <button type="submit" className="primary">
          {t('imports.start')}
        </button>
        {uploadProgress !== null ? (
          <label>
            {t('file.progress')} <progress max={1} value={uploadProgress} />
          </label>
        ) : null}
      </form>
      <ErrorNote error={error} />
      {report ? (
        <section aria-live="polite">
          <p data-status={report.status}>{t('imports.status', { status: term(report.status) })}</p>
          <progress
            max={1}
            value={report.progress ?? 0}
            aria-label={t('imports.status', { status: term(report.status) })}
          />
          <p>
            {t('imports.rows', {
              accepted: report.rowsAccepted,
              rejected: report.rowsRejected,
              total: report.rowsTotal ?? '…',
            })}
          </p>
          {report.failure ? <p className="error">{report.failure}</p> : null}
          {report.errors.length ? (
            <table>
              <caption>{t('imports.errors')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('imports.row')}</th>
                  <th scope="col">{t('imports.field')}</th>
                  <th scope="col">{t('imports.message')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.row}</td>
                    <td>{e.field}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
