import { FormEvent, useState } from 'react';
import { api } from '../api';
import { formatNumber, useElectionZone, zonedToIso } from '../format';
import { useI18n } from '../i18n';
import { ErrorNote, Field, Instant, useLoad } from '../ui';

/** A recount as the API gives it (RecountDto): the actions come from `allowedActions`, nothing else. */
interface Recount {
  id: string;
  stationCode: string;
  stationName: string;
  state: string;
  version: number;
  scheduledAt: string | null;
  place: string | null;
  allowedActions: string[];
  differences: { field: string; official: number; other: number; difference: number }[];
  allocationChanged: boolean | null;
}

const NUMBERS = ['registeredVoters', 'ballotsCast', 'invalidBallots', 'validBallots'] as const;

function RecountEntry({ r, electionCode, onDone }: { r: Recount; electionCode: string; onDone(): void }) {
  const { t, term, lang } = useI18n();
  const [values, setValues] = useState<Record<string, string>>({});
  const [votes, setVotes] = useState('');
  const [at, setAt] = useState('');
  const [place, setPlace] = useState('');
  const [error, setError] = useState<unknown>();
  const zone = useElectionZone(electionCode);
  const can = (a: string) => r.allowedActions.includes(a);
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
  const schedule = (e: FormEvent) => {
    e.preventDefault();
    void act('schedule', { at: zonedToIso(at, zone), place });
  };
  const enter = (e: FormEvent) => {
    e.preventDefault();
    const sheet: Record<string, unknown> = Object.fromEntries(NUMBERS.map((n) => [n, Number(values[n] ?? 0)]));
    sheet.votes = Object.fromEntries(
      votes
        .split(',')
        .map((p) => p.split('=').map((s) => s.trim()))
        .filter((p) => p.length === 2 && p[0])
        .map(([k, v]) => [k, Number(v)]),
    );
    void act('enter_figures', { sheet });
  };
  return (
    <div className="card" data-recount={r.stationCode}>
      <h3>
        {r.stationCode} — {r.stationName} — <span data-state={r.state}>{term(r.state)}</span>
      </h3>
      {r.scheduledAt ? (
        <p>
          {t('recount.scheduledFor')} <Instant iso={r.scheduledAt} election={electionCode} />
          {r.place ? `, ${r.place}` : ''}
        </p>
      ) : null}
      {r.differences.length ? (
        <table>
          <caption>{t('recount.differences')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.field')}</th>
              <th scope="col" className="num">
                {t('recount.official')}
              </th>
              <th scope="col" className="num">
                {t('recount.recounted')}
              </th>
              <th scope="col" className="num">
                {t('recount.difference')}
              </th>
            </tr>
          </thead>
          <tbody>
            {r.differences.map((d) => (
              <tr key={d.field} data-field={d.field} data-difference={d.difference}>
                <th scope="row">{d.field}</th>
                <td className="num">{formatNumber(d.official, lang)}</td>
                <td className="num">{formatNumber(d.other, lang)}</td>
                <td className="num">
                  {d.difference > 0 ? '+' : ''}
                  {formatNumber(d.difference, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {r.allocationChanged !== null ? (
        <p>{r.allocationChanged ? t('recount.allocationChanged') : t('recount.allocationSame')}</p>
      ) : null}
      {can('schedule') ? (
        <form onSubmit={schedule} aria-label={term('schedule')}>
          <div className="row">
            <Field label={t('field.at')}>
              <input type="datetime-local" required value={at} onChange={(e) => setAt(e.target.value)} />
            </Field>
            <Field label={t('field.place')}>
              <input required minLength={2} value={place} onChange={(e) => setPlace(e.target.value)} />
            </Field>
          </div>
          <button type="submit">{term('schedule')}</button>
        </form>
      ) : null}
      {can('enter_figures') ? (
        <form onSubmit={enter} aria-label={t('recount.enter')}>
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
            <Field label={t('recount.votes')}>
              <input
                value={votes}
                required
                placeholder="CPP=200, CNRP=150"
                onChange={(e) => setVotes(e.target.value)}
              />
            </Field>
          </div>
          <button type="submit">{term('enter_figures')}</button>
        </form>
      ) : null}
      {can('certify') ? (
        <div className="actions">
          <button type="button" onClick={() => void act('certify')}>
            {term('certify')}
          </button>
        </div>
      ) : null}
      <ErrorNote error={error} />
    </div>
  );
}

export function Recounts({
  reference,
  electionCode,
  version,
}: {
  reference: string;
  electionCode: string;
  version: number;
}) {
  const { t } = useI18n();
  const list = useLoad(
    () =>
      api<{ items: Recount[] }>(`/api/v1/cases/${encodeURIComponent(reference)}/recounts`).catch(() => ({
        items: [] as Recount[],
      })),
    [reference, version],
  );
  const items = list.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby="recounts-h">
      <h2 id="recounts-h">{t('case.recounts')}</h2>
      {items.map((r) => (
        <RecountEntry key={r.id} r={r} electionCode={electionCode} onDone={list.reload} />
      ))}
    </section>
  );
}
