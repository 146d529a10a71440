import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../i18n';
import { ErrorNote, Field, PageTitle } from '../ui';
import { Checkpoint, Step, verifyTransparencyLog } from '../verify/log';

export function TransparencyPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const [leaf, setLeaf] = useState(params.get('leaf') ?? '');
  const [steps, setSteps] = useState<Step[]>([]);
  const [result, setResult] = useState<{ checkpoint: Checkpoint; ok: boolean }>();
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const run = async () => {
    setSteps([]);
    setResult(undefined);
    setError(undefined);
    setRunning(true);
    try {
      setResult(await verifyTransparencyLog(leaf === '' ? null : Number(leaf), (s) => setSteps((all) => [...all, s])));
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };
  return (
    <>
      <PageTitle>{t('tlog.title')}</PageTitle>
      <p>{t('tlog.explain1')}</p>
      <p>{t('tlog.explain2')}</p>
      <p>{t('tlog.explain3')}</p>
      <div className="row card">
        <Field label={t('tlog.leaf')}>
          <input type="number" min={0} inputMode="numeric" value={leaf} onChange={(e) => setLeaf(e.target.value)} />
        </Field>
        <button type="button" className="primary" onClick={() => void run()} disabled={running}>
          {t('tlog.run')}
        </button>
      </div>
      <ErrorNote error={error} />
      <ol className="steps" aria-live="polite">
        {steps.map((s) => (
          <li key={s.key} className={s.ok ? 'ok' : 'fail'} data-step={s.key} data-ok={s.ok}>
            {t(`tlog.step.${s.key}`, s.vars)} — <strong>{s.ok ? t('tlog.ok') : t('tlog.fail')}</strong>
            {s.detail ? <code> {s.detail}</code> : null}
          </li>
        ))}
      </ol>
      {result ? (
        <>
          <p role="status" className={result.ok ? 'notice' : 'error'} data-verified={result.ok}>
            {result.checkpoint.treeSize === 0 ? t('tlog.empty') : result.ok ? t('tlog.allOk') : t('tlog.someFail')}
          </p>
          <h2>{t('tlog.checkpoint')}</h2>
          <pre className="checkpoint">{result.checkpoint.body}</pre>
        </>
      ) : null}
    </>
  );
}
