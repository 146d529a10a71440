import { FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api';
import { isStaff, useAuth } from '../auth';
import { formatDay, formatDuration, formatNumber, useElectionZone } from '../format';
import { useI18n } from '../i18n';
import { SheetFigures, SheetsSideBySide } from '../sheets';
import { ErrorNote, Field, Instant, Loading, PageTitle, useLoad } from '../ui';
import { ActionFields, fieldsPayload } from './action-fields';
import { DecisionEditor } from './decision-editor';
import { EvidenceUpload } from './evidence-upload';
import { Recounts } from './recounts';

export interface CaseView {
  id: string;
  reference: string | null;
  electionCode: string;
  kind: string;
  category: string;
  title: string | null;
  description: string | null;
  incidentDate: string | null;
  requestedRemedy: string | null;
  complainant: { kind: string; partyCode?: string; organisation?: string };
  respondentPartyCode: string | null;
  state: string;
  version: number;
  allowedActions: string[];
  late: boolean;
  overdue: boolean;
  assignee: string | null;
  nextDeadline: { window: string; dueAt: string | null; timeLeftMs: number; paused: boolean } | null;
  materiality: { ratio: number | null; material: boolean };
  linkedStations: {
    stationCode: string;
    stationName: string;
    snapshot: SheetFigures[];
    current: SheetFigures[];
    changedSinceFiling: boolean;
  }[];
  filedAt: string | null;
}

function ActionPanel({ c, onDone }: { c: CaseView; onDone(message: string): void }) {
  const { t, term } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const ref = c.reference ?? c.id;
  const zone = useElectionZone(c.electionCode);
  const run = async (action: string, e?: FormEvent) => {
    e?.preventDefault();
    setError(undefined);
    try {
      await api(`/api/v1/cases/${encodeURIComponent(ref)}/transitions`, {
        method: 'POST',
        body: { action, expectedVersion: c.version, ...fieldsPayload(action, values, zone) },
      });
      setOpen(null);
      setValues({});
      onDone(t('case.done', { action: term(action) }));
    } catch (err) {
      if (err instanceof ApiError && err.problem.status === 409) onDone(t('case.conflict'));
      setError(err);
    }
  };
  const needsFields = (a: string) =>
    !['submit', 'register', 'propose_decision', 'approve', 'publish', 'close'].includes(a);
  return (
    <section aria-labelledby="actions-h">
      <h2 id="actions-h">{t('case.actions')}</h2>
      {c.allowedActions.length === 0 ? <p>{t('case.noActions')}</p> : null}
      <div className="actions" data-testid="allowed-actions">
        {c.allowedActions.map((a) => (
          <button
            key={a}
            type="button"
            data-action={a}
            className={open === a ? 'primary' : undefined}
            aria-expanded={needsFields(a) ? open === a : undefined}
            onClick={() => (needsFields(a) ? setOpen(open === a ? null : a) : void run(a))}
          >
            {term(a)}
          </button>
        ))}
      </div>
      {open ? (
        <form className="card" onSubmit={(e) => void run(open, e)} aria-label={term(open)} data-action-form={open}>
          <h3>{term(open)}</h3>
          <ActionFields
            action={open}
            values={values}
            onChange={setValues}
            stations={c.linkedStations.map((s) => s.stationCode)}
          />
          <button type="submit" className="primary">
            {t('common.submit')}
          </button>
        </form>
      ) : null}
      <ErrorNote error={error} />
    </section>
  );
}

function Notes({ reference, staff }: { reference: string; staff: boolean }) {
  const { t, term } = useI18n();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState(staff ? 'internal' : 'complainant');
  const [error, setError] = useState<unknown>();
  const notes = useLoad(
    () =>
      api<{ items: { id: string; body: string; visibility: string; author?: string; createdAt: string }[] }>(
        `/api/v1/cases/${encodeURIComponent(reference)}/notes`,
      ).catch(() => ({ items: [] })),
    [reference],
  );
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api(`/api/v1/cases/${encodeURIComponent(reference)}/notes`, { method: 'POST', body: { body, visibility } });
      setBody('');
      notes.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="notes-h">
      <h2 id="notes-h">{t('case.notes')}</h2>
      <ul>
        {notes.data?.items.map((n) => (
          <li key={n.id}>
            <strong>{n.author ?? ''}</strong> ({term(n.visibility)}): {n.body}
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void add(e)} className="card">
        <Field label={t('case.noteBody')}>
          <textarea value={body} required onChange={(e) => setBody(e.target.value)} />
        </Field>
        {staff ? (
          <Field label={t('case.visibility')}>
            <select value={visibility} onChange={(e) => setVisibility(e.target.value)}>
              <option value="internal">{t('case.visibility.internal')}</option>
              <option value="complainant">{t('case.visibility.complainant')}</option>
            </select>
          </Field>
        ) : null}
        <button type="submit">{t('case.addNote')}</button>
        <ErrorNote error={error} />
      </form>
    </section>
  );
}

function Duplicates({ c, onMerge }: { c: CaseView; onMerge(target: string): void }) {
  const { t, term } = useI18n();
  const ref = c.reference ?? c.id;
  const { data } = useLoad(
    () =>
      api<{ items: { reference: string | null; title: string | null; state: string; sharedStations: string[] }[] }>(
        `/api/v1/cases/${encodeURIComponent(ref)}/duplicates`,
      ).catch(() => ({ items: [] })),
    [ref, c.version],
  );
  if (!data?.items.length) return null;
  return (
    <section aria-labelledby="duplicates-h">
      <h2 id="duplicates-h">{t('case.duplicates')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('common.reference')}</th>
            <th scope="col">{t('common.state')}</th>
            <th scope="col">{t('case.shared')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {data.items.map((d) => (
            <tr key={d.reference}>
              <td>
                <Link to={`/cases/${encodeURIComponent(d.reference ?? '')}`}>{d.reference}</Link> {d.title}
              </td>
              <td>{term(d.state)}</td>
              <td>{d.sharedStations.join(', ')}</td>
              <td>
                {c.allowedActions.includes('merge') && d.reference ? (
                  <button type="button" onClick={() => onMerge(d.reference!)}>
                    {t('case.mergeInto', { reference: d.reference })}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CasePage() {
  const { reference = '' } = useParams();
  const { t, term, lang } = useI18n();
  const { me } = useAuth();
  const staff = isStaff(me);
  const [notice, setNotice] = useState('');
  const [mergeError, setMergeError] = useState<unknown>();
  const view = useLoad(() => api<CaseView>(`/api/v1/cases/${encodeURIComponent(reference)}`), [reference]);
  const history = useLoad(
    () =>
      api<{
        items: {
          seq: number;
          action: string;
          from: string | null;
          to: string | null;
          actor: string | null;
          at: string;
        }[];
      }>(`/api/v1/cases/${encodeURIComponent(reference)}/history`).catch(() => ({ items: [] })),
    [reference, view.data?.version],
  );
  const c = view.data;
  if (view.loading && !c) return <Loading />;
  if (!c) return <ErrorNote error={view.error} />;
  const ref = c.reference ?? c.id;
  const done = (message: string) => {
    setNotice(message);
    view.reload();
  };
  const merge = async (target: string) => {
    try {
      await api(`/api/v1/cases/${encodeURIComponent(ref)}/transitions`, {
        method: 'POST',
        body: { action: 'merge', expectedVersion: c.version, targetReference: target },
      });
      done(t('case.done', { action: term('merge') }));
    } catch (err) {
      setMergeError(err);
    }
  };
  return (
    <article>
      <PageTitle>{t('case.title', { reference: c.reference ?? t('case.draft') })}</PageTitle>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <p>
        <strong data-state={c.state}>{term(c.state)}</strong> · {term(c.kind)} · {term(c.category)}
        {c.overdue ? <span className="badge bad"> {t('queue.overdue')}</span> : null}
        {c.late ? <span className="badge"> {t('queue.late')}</span> : null}
      </p>
      <h2>{c.title}</h2>
      <p className="prose">{c.description}</p>
      <dl className="facts">
        <dt>{t('decision.incidentDate')}</dt>
        <dd>{formatDay(c.incidentDate, lang)}</dd>
        <dt>{t('common.filed')}</dt>
        <dd>
          <Instant iso={c.filedAt} election={c.electionCode} />
        </dd>
        <dt>{t('decision.respondent')}</dt>
        <dd>{c.respondentPartyCode ?? '—'}</dd>
        <dt>{t('queue.assignee')}</dt>
        <dd>{c.assignee ?? '—'}</dd>
        <dt>{t('case.nextDeadline')}</dt>
        <dd>
          {c.nextDeadline ? (
            <>
              {term(c.nextDeadline.window)}: <Instant iso={c.nextDeadline.dueAt} election={c.electionCode} /> (
              {formatDuration(c.nextDeadline.timeLeftMs, lang)}){c.nextDeadline.paused ? ` — ${t('case.paused')}` : ''}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('case.materiality')}</dt>
        <dd>
          {formatNumber(c.materiality?.ratio, lang, { maximumFractionDigits: 2 })}
          {c.materiality?.material ? <span className="badge bad"> {t('queue.material')}</span> : null}
        </dd>
      </dl>
      <ActionPanel c={c} onDone={done} />
      {staff && ['under_review', 'decision_proposed'].includes(c.state) ? (
        <DecisionEditor
          reference={ref}
          editable={c.state === 'under_review'}
          stations={c.linkedStations.map((s) => s.stationCode)}
          onSaved={() => view.reload()}
        />
      ) : null}
      {staff ? <Recounts reference={ref} electionCode={c.electionCode} version={c.version} /> : null}
      <section>
        <h2>{t('case.linked')}</h2>
        {c.linkedStations.map((s) => (
          <div key={s.stationCode}>
            <SheetsSideBySide
              sheets={s.current.length ? s.current : s.snapshot}
              caption={`${s.stationCode} — ${s.stationName}`}
            />
            {s.changedSinceFiling ? <p className="badge">{t('case.changed')}</p> : null}
          </div>
        ))}
      </section>
      {staff ? <Duplicates c={c} onMerge={(target) => void merge(target)} /> : null}
      <ErrorNote error={mergeError} />
      <section>
        <h2>{t('case.evidence')}</h2>
        <EvidenceUpload reference={ref} />
      </section>
      {c.reference ? <Notes reference={ref} staff={staff} /> : null}
      <section>
        <h2>{t('case.history')}</h2>
        <ol>
          {history.data?.items.map((h) => (
            <li key={h.seq}>
              <Instant iso={h.at} election={c.electionCode} /> — {term(h.action)}{' '}
              {h.from ? `${term(h.from)} → ${term(h.to)}` : ''} {h.actor ? `(${h.actor})` : ''}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
