import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, qs } from '../api';
import { isStaff, useAuth } from '../auth';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { ErrorNote, Field, Instant, Loading, PageTitle, useLoad } from '../ui';
import { ActionFields, fieldsPayload } from './action-fields';

interface Summary {
  reference: string | null;
  id: string;
  electionCode: string;
  kind: string;
  category: string;
  title: string | null;
  state: string;
  late: boolean;
  overdue: boolean;
  materiality: number | null;
  assignee: string | null;
  filedAt: string | null;
  dueAt: string | null;
}

interface BulkItem {
  reference: string;
  status: number;
  problem?: { title?: string; detail?: string };
}

const BULK_ACTIONS = ['register', 'reject', 'assign', 'request_information', 'withdraw', 'close'] as const;

export function QueuePage() {
  const { t, term, lang } = useI18n();
  const { me } = useAuth();
  const staff = isStaff(me);
  const [sort, setSort] = useState(staff ? 'deadline' : '-filedAt');
  const [overdue, setOverdue] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkAction, setBulkAction] = useState<string>('register');
  const [bulkFields, setBulkFields] = useState<Record<string, string>>({});
  const [bulkResult, setBulkResult] = useState<BulkItem[] | null>(null);
  const [error, setError] = useState<unknown>();
  const list = useLoad(
    () =>
      me
        ? api<{ items: Summary[] }>(`/api/v1/cases${qs({ sort, overdue: overdue || undefined, limit: 200 })}`)
        : Promise.resolve(undefined),
    [me?.id, sort, overdue],
  );
  if (!me) return <p>{t('nav.signIn')}</p>;
  const toggle = (ref: string) => setSelected((s) => (s.includes(ref) ? s.filter((r) => r !== ref) : [...s, ref]));
  const runBulk = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const res = await api<{ items: BulkItem[] }>('/api/v1/cases/bulk-transitions', {
        method: 'POST',
        body: { references: selected, action: bulkAction, ...fieldsPayload(bulkAction, bulkFields) },
      });
      setBulkResult(res.items);
      setSelected([]);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>{staff ? t('queue.title') : t('nav.myCases')}</PageTitle>
      <div className="row card">
        <Field label={t('queue.sort')}>
          <select value={sort} onChange={(e) => setSort(e.target.value)} name="sort">
            <option value="deadline">{t('queue.sort.deadline')}</option>
            <option value="materiality">{t('queue.sort.materiality')}</option>
            <option value="-filedAt">{t('queue.sort.filedAt')}</option>
          </select>
        </Field>
        <label>
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />{' '}
          {t('queue.overdueOnly')}
        </label>
      </div>
      <ErrorNote error={list.error} />
      {list.loading ? <Loading /> : null}
      <table>
        <thead>
          <tr>
            {staff ? (
              <th scope="col">
                <span className="sr-only">✓</span>
              </th>
            ) : null}
            <th scope="col">{t('common.reference')}</th>
            <th scope="col">{t('file.title.label')}</th>
            <th scope="col">{t('common.state')}</th>
            <th scope="col">{t('common.due')}</th>
            <th scope="col" className="num">
              {t('queue.materiality')}
            </th>
            <th scope="col">{t('queue.assignee')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.items.map((c) => {
            const ref = c.reference ?? c.id;
            return (
              <tr key={c.id} className={c.overdue ? 'overdue' : undefined} data-reference={ref}>
                {staff ? (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('queue.select', { reference: ref })}
                      checked={selected.includes(ref)}
                      onChange={() => toggle(ref)}
                    />
                  </td>
                ) : null}
                <td>
                  <Link to={`/cases/${encodeURIComponent(ref)}`}>{c.reference ?? t('case.draft')}</Link>
                </td>
                <td>{c.title}</td>
                <td>
                  {term(c.state)} {c.overdue ? <span className="badge bad">{t('queue.overdue')}</span> : null}{' '}
                  {c.late ? <span className="badge">{t('queue.late')}</span> : null}
                </td>
                <td>
                  <Instant iso={c.dueAt} election={c.electionCode} />
                </td>
                <td className="num">
                  {formatNumber(c.materiality, lang, { maximumFractionDigits: 2 })}
                  {c.materiality !== null && c.materiality >= 1 ? (
                    <span className="badge bad"> {t('queue.material')}</span>
                  ) : null}
                </td>
                <td>{c.assignee ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {list.data && !list.data.items.length ? <p>{t('queue.empty')}</p> : null}
      {staff && selected.length ? (
        <form onSubmit={(e) => void runBulk(e)} className="card">
          <h2>{t('queue.bulk', { count: selected.length })}</h2>
          <Field label={t('queue.bulkAction')}>
            <select value={bulkAction} onChange={(e) => setBulkAction(e.target.value)}>
              {BULK_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {term(a)}
                </option>
              ))}
            </select>
          </Field>
          <ActionFields action={bulkAction} values={bulkFields} onChange={setBulkFields} />
          <button type="submit" className="primary">
            {t('queue.bulkRun')}
          </button>
          <ErrorNote error={error} />
        </form>
      ) : null}
      {bulkResult ? (
        <section role="status" className="notice" data-testid="bulk-results">
          <p>
            {t('queue.bulkResult', {
              ok: bulkResult.filter((i) => i.status < 300).length,
              failed: bulkResult.filter((i) => i.status >= 300).length,
            })}
          </p>
          <ul>
            {bulkResult.map((i) => (
              <li key={i.reference} data-reference={i.reference} data-status={i.status}>
                <Link to={`/cases/${encodeURIComponent(i.reference)}`}>{i.reference}</Link>:{' '}
                {i.status < 300 ? t('queue.bulkOk') : (i.problem?.detail ?? i.problem?.title ?? String(i.status))}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
