import { FormEvent, useEffect, useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { ErrorNote, Field, useLoad } from '../ui';
import { DECISION_REMEDIES, OUTCOMES } from '../vocabulary';

interface Draft {
  outcome: string;
  findings: string;
  reasoning: string;
  legalBasis: string[];
  remedies: { kind: string; stationCodes: string[] }[];
}

/** The decision draft of a case under review: PUT /cases/{reference}/decision. */
export function DecisionEditor({
  reference,
  editable,
  stations,
  onSaved,
}: {
  reference: string;
  editable: boolean;
  stations: string[];
  /** A saved draft changes what may be done next (propose_decision): the case is read again. */
  onSaved?: () => void;
}) {
  const { t, term } = useI18n();
  const path = `/api/v1/cases/${encodeURIComponent(reference)}/decision`;
  const existing = useLoad(() => api<Draft>(path).catch(() => null), [reference]);
  const [outcome, setOutcome] = useState('upheld');
  const [findings, setFindings] = useState('');
  const [reasoning, setReasoning] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [remedies, setRemedies] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const d = existing.data;
    if (!d) return;
    setOutcome(d.outcome);
    setFindings(d.findings);
    setReasoning(d.reasoning);
    setLegalBasis(d.legalBasis.join('\n'));
    setRemedies(Object.fromEntries(d.remedies.map((r) => [r.kind, r.stationCodes.join(', ')])));
  }, [existing.data]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      await api(path, {
        method: 'PUT',
        body: {
          outcome,
          findings,
          reasoning,
          legalBasis: legalBasis
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
          remedies: Object.entries(remedies)
            .map(([kind, codes]) => ({
              kind,
              stationCodes: codes
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            }))
            .filter((r) => r.stationCodes.length),
        },
      });
      setSaved(true);
      onSaved?.();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void save(e)} aria-labelledby="decision-h">
      <h2 id="decision-h">{t('case.decision')}</h2>
      <fieldset disabled={!editable}>
        <Field label={t('field.outcome')}>
          <select name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {term(o)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('field.findings')}>
          <textarea name="findings" required value={findings} onChange={(e) => setFindings(e.target.value)} />
        </Field>
        <Field label={t('field.reasoning')}>
          <textarea name="reasoning" required value={reasoning} onChange={(e) => setReasoning(e.target.value)} />
        </Field>
        <Field label={t('field.legalBasis')}>
          <textarea name="legalBasis" value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} />
        </Field>
        <fieldset>
          <legend>{t('field.remedies')}</legend>
          {DECISION_REMEDIES.map((kind) => (
            <Field key={kind} label={t('field.remedyStations', { kind: term(kind) })} hint={stations.join(', ')}>
              <input
                name={`remedy-${kind}`}
                value={remedies[kind] ?? ''}
                onChange={(e) => setRemedies({ ...remedies, [kind]: e.target.value })}
              />
            </Field>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
      </fieldset>
      {saved ? (
        <p role="status" className="notice">
          {t('case.decisionSaved')}
        </p>
      ) : null}
      <ErrorNote error={error} />
    </form>
  );
}
