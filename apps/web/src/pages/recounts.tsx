import { FormEvent, useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { ErrorNote, Field, useLoad } from '../ui';

interface Recount {
  id: string;
  stationCode: string;
  state: string;
  version: number;
  allowedActions?: string[];
  differences?: { field: string; before?: number; after?: number; difference?: number }[];
  allocationChanged?: boolean | null;
}

const NUMBERS = ['registeredVoters', 'ballotsCast', 'invalidBallots', 'validBallots'] as const;

function RecountEntry({ r, onDone }: { r: Recount; onDone(): void }) {
  const { t, term } = useI18n();
  const [values, setValues] = useState<Record<string, string>>({});
  const [votes, setVotes] = useState('');
  const [error, setError] = useState<unknown>();
  const act = async (action: string, extra: Record<string, unknown> = {}) => {
    setError(undefined);
    try {
      await api(`/api/v1/recounts/${r.id}/transitions`, {
        method: 'POST',
        body: { action, expectedVersion: r.version, ...extra },
      });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  const enter = (e: FormEvent) => {
    e.preventDefault();
    const sheet: Record<string, unknown> = Object.fromEntries(NUMBERS.map((n) => [n, Number(values[n] ?? 0)]));
    sheet.votes = Object.fromEntries(
      votes
        .split(',')
        .map((p) => p.split('=').map((s) => s.trim()))
        .filter((p) => p.length === 2)
        .map(([k, v]) => [k, Number(v)]),
    );
    void act('enter_figures', { sheet });
  };
  return (
    <div className="card">
      <h3>
        {r.stationCode} — {term(r.state)}
      </h3>
      {r.differences?.length ? (
        <>
          <h4>{t('recount.differences')}</h4>
          <ul>
            {r.differences.map((d) => (
              <li key={d.field}>
                {d.field}: {d.before} → {d.after} ({d.difference})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.allocationChanged !== null && r.allocationChanged !== undefined ? (
        <p>{r.allocationChanged ? t('recount.allocationChanged') : t('recount.allocationSame')}</p>
      ) : null}
      {['ordered', 'scheduled'].includes(r.state) ? (
        <form onSubmit={enter}>
          <h4>{t('recount.enter')}</h4>
          <div className="row">
            {NUMBERS.map((n) => (
              <Field key={n} label={t(`sheet.${n}`)}>
                <input
                  type="number"
                  min={0}
                  required
                  value={values[n] ?? ''}
                  onChange={(e) => setValues({ ...values, [n]: e.target.value })}
                />
              </Field>
            ))}
            <Field label="CPP=…, CNRP=…">
              <input value={votes} onChange={(e) => setVotes(e.target.value)} />
            </Field>
          </div>
          <button type="submit">{term('enter_figures')}</button>
        </form>
      ) : null}
      <div className="actions">
        {r.state === 'counted' ? (
          <button type="button" onClick={() => void act('certify')}>
            {term('certify')}
          </button>
        ) : null}
      </div>
      <ErrorNote error={error} />
    </div>
  );
}

export function Recounts({ reference }: { reference: string }) {
  const { t } = useI18n();
  const list = useLoad(
    () =>
      api<{ items: Recount[] } | Recount[]>(`/api/v1/cases/${encodeURIComponent(reference)}/recounts`).catch(
        () => [] as Recount[],
      ),
    [reference],
  );
  const items = Array.isArray(list.data) ? list.data : (list.data?.items ?? []);
  if (!items.length) return null;
  return (
    <section>
      <h2>{t('case.recounts')}</h2>
      {items.map((r) => (
        <RecountEntry key={r.id} r={r} onDone={list.reload} />
      ))}
    </section>
  );
}
