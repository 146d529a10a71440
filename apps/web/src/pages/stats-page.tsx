import { useState } from 'react';
import { api, qs } from '../api';
import { formatNumber, formatPercent } from '../format';
import { useI18n } from '../i18n';
import { BarChart, ErrorNote, Loading, PageTitle, useLoad } from '../ui';
import { ElectionPicker } from './election-picker';

interface Stats {
  byState: Record<string, number>;
  byCategory: Record<string, number>;
  byArea: Record<string, number>;
  byOutcome: Record<string, number>;
  medianDaysToDecision: number | null;
  decidedWithinDeadline: number | null;
  matchRate: { source: string; stationsCompared: number; stationsMatching: number; rate: number | null } | null;
  recounts: { ordered: number; certified: number; cancelled: number; votesChanged: number };
}

export function StatsPage() {
  const { t, term, lang } = useI18n();
  const [election, setElection] = useState('');
  const { data, error, loading } = useLoad(() => api<Stats>(`/api/v1/public/stats${qs({ election })}`), [election]);
  const chart = (title: string, record: Record<string, number> | undefined, label = term) =>
    record && Object.keys(record).length ? (
      <BarChart
        title={title}
        data={Object.entries(record).map(([k, v]) => [label(k), v])}
        format={(n) => formatNumber(n, lang)}
      />
    ) : null;
  return (
    <>
      <PageTitle>{t('stats.title')}</PageTitle>
      <div className="card">
        <ElectionPicker value={election} onChange={setElection} />
      </div>
      <ErrorNote error={error} />
      {loading ? <Loading /> : null}
      {data ? (
        <>
          <dl className="facts">
            <dt>{t('stats.median')}</dt>
            <dd>{formatNumber(data.medianDaysToDecision, lang, { maximumFractionDigits: 1 })}</dd>
            <dt>{t('stats.withinDeadline')}</dt>
            <dd>{formatPercent(data.decidedWithinDeadline, lang)}</dd>
            <dt>{t('stats.matchRate')}</dt>
            <dd>
              {data.matchRate
                ? `${formatPercent(data.matchRate.rate, lang)} (${term(data.matchRate.source)}, ${formatNumber(data.matchRate.stationsMatching, lang)} / ${formatNumber(data.matchRate.stationsCompared, lang)})`
                : '—'}
            </dd>
          </dl>
          <p>
            {t('stats.recounts', {
              ordered: data.recounts.ordered,
              certified: data.recounts.certified,
              cancelled: data.recounts.cancelled,
              changed: data.recounts.votesChanged,
            })}
          </p>
          {chart(t('stats.byState'), data.byState)}
          {chart(t('stats.byCategory'), data.byCategory)}
          {chart(t('stats.byOutcome'), data.byOutcome)}
          {chart(t('stats.byArea'), data.byArea, (k) => k ?? '')}
        </>
      ) : null}
      <section>
        <h2>{t('stats.downloads')}</h2>
        <ul>
          <li>
            <a href={`/api/v1/public/decisions.csv${qs({ election })}`} download>
              {t('decisions.csv')}
            </a>
          </li>
          <li>
            <a href={`/api/v1/public/feed.atom${qs({ election })}`}>{t('decisions.atom')}</a>
          </li>
          <li>
            <a href={`/api/v1/public/stats${qs({ election })}`}>JSON</a>
          </li>
        </ul>
      </section>
    </>
  );
}
