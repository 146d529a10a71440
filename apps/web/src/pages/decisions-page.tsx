import { FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, qs } from '../api';
import { useI18n } from '../i18n';
import { CASE_CATEGORIES, OUTCOMES } from '../vocabulary';
import { ErrorNote, Field, Instant, Loading, PageTitle, useLoad } from '../ui';
import { ElectionPicker } from './election-picker';

interface Summary {
  reference: string;
  electionCode: string;
  title: string | null;
  category: string;
  outcome: string;
  areaCodes: string[];
  publishedAt: string;
  excerpt: string;
  leafIndex: number | null;
}

export function DecisionsPage() {
  const { t, term } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = {
    q: params.get('q') ?? '',
    election: params.get('election') ?? '',
    category: params.get('category') ?? '',
    outcome: params.get('outcome') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const [draft, setDraft] = useState(filters);
  const { data, error, loading } = useLoad(
    () => api<{ items: Summary[]; nextCursor: string | null }>(`/api/v1/public/decisions${qs(filters)}`),
    [params.toString()],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(Object.fromEntries(Object.entries(draft).filter(([, v]) => v)));
  };
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  return (
    <>
      <PageTitle>{t('decisions.title')}</PageTitle>
      <p>{t('decisions.intro')}</p>
      <form role="search" onSubmit={submit} className="card">
        <div className="row">
          <Field label={t('decisions.query')}>
            <input type="search" name="q" value={draft.q} onChange={set('q')} size={30} />
          </Field>
          <ElectionPicker value={draft.election} onChange={(election) => setDraft((d) => ({ ...d, election }))} />
          <Field label={t('common.category')}>
            <select value={draft.category} onChange={set('category')}>
              <option value="">{t('common.all')}</option>
              {CASE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {term(c)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('common.outcome')}>
            <select value={draft.outcome} onChange={set('outcome')}>
              <option value="">{t('common.all')}</option>
              {OUTCOMES.map((c) => (
                <option key={c} value={c}>
                  {term(c)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('decisions.fromDate')}>
            <input type="date" value={draft.from} onChange={set('from')} />
          </Field>
          <Field label={t('decisions.toDate')}>
            <input type="date" value={draft.to} onChange={set('to')} />
          </Field>
          <button type="submit" className="primary">
            {t('common.search')}
          </button>
        </div>
      </form>
      <p>
        <a href={`/api/v1/public/decisions.csv${qs(filters)}`} download>
          {t('decisions.csv')}
        </a>{' '}
        · <a href={`/api/v1/public/feed.atom${qs({ election: filters.election })}`}>{t('decisions.atom')}</a>
      </p>
      <ErrorNote error={error} />
      {loading ? <Loading /> : null}
      {data ? (
        <section aria-live="polite">
          <h2>{t('decisions.results', { count: data.items.length })}</h2>
          {data.items.length === 0 ? <p>{t('decisions.empty')}</p> : null}
          <ul className="cards">
            {data.items.map((d) => (
              <li key={d.reference} className="card">
                <h3>
                  <Link to={`/decisions/${encodeURIComponent(d.reference)}`}>{d.title ?? d.reference}</Link>
                </h3>
                <p>
                  <code>{d.reference}</code> · {term(d.category)} · <strong>{term(d.outcome)}</strong> ·{' '}
                  {t('common.published')} <Instant iso={d.publishedAt} election={d.electionCode} />
                </p>
                <p>{d.excerpt}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
