import { useState } from 'react';
import { api, qs } from '../api';
import { formatNumber, formatPercent } from '../format';
import { useI18n } from '../i18n';
import { BarChart, ErrorNote, Field, Loading, PageTitle, useLoad } from '../ui';
import { ElectionPicker } from './election-picker';

interface AreaRate {
  areaCode: string;
  name: string | null;
  nameKm: string | null;
  stationsCompared: number;
  stationsMatching: number;
  rate: number | null;
}
interface Trigger {
  level: string;
  code: string;
  trigger: string;
  reason: string;
}
interface Unit {
  areaCode: string;
  name: string;
  nameKm: string | null;
  seats: number;
  invalidBallots: number;
  allocation: Record<string, number> | null;
  seatSwingMargin: { votes: number; gainingParty: string; losingParty: string } | null;
}

export function ResultsPage() {
  const { t, lang } = useI18n();
  const [election, setElection] = useState('');
  const [source, setSource] = useState('observer');
  const [province, setProvince] = useState('');
  const base = `/api/v1/elections/${encodeURIComponent(election)}`;
  const rates = useLoad(
    () =>
      election
        ? api<{ areas?: AreaRate[] }>(`${base}/match-rate${qs({ source, by: 'province' })}`)
        : Promise.resolve(undefined),
    [election, source],
  );
  const triggers = useLoad(
    () =>
      election && province
        ? api<{ items: Trigger[] }>(`${base}/recount-triggers${qs({ area: province })}`)
        : Promise.resolve(undefined),
    [election, province],
  );
  const units = useLoad(
    () =>
      election && province
        ? api<{ items: Unit[] }>(`${base}/contest-units${qs({ area: province, limit: 500 })}`)
        : Promise.resolve(undefined),
    [election, province],
  );
  const areas = rates.data?.areas ?? [];
  const nameOf = (a: { name: string | null; nameKm: string | null; areaCode: string }) =>
    (lang === 'km' && a.nameKm ? a.nameKm : a.name) ?? a.areaCode;
  return (
    <>
      <PageTitle>{t('results.title')}</PageTitle>
      <div className="row card">
        <ElectionPicker value={election} onChange={setElection} required />
        <Field label={t('common.source')}>
          <input value={source} onChange={(e) => setSource(e.target.value)} list="sources" />
          <datalist id="sources">
            <option value="observer" />
            <option value="official_preliminary" />
          </datalist>
        </Field>
        <Field label={t('common.province')}>
          <select value={province} onChange={(e) => setProvince(e.target.value)}>
            <option value="">—</option>
            {areas.map((a) => (
              <option key={a.areaCode} value={a.areaCode}>
                {nameOf(a)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <section aria-labelledby="match-rate-h">
        <h2 id="match-rate-h">{t('results.matchRate')}</h2>
        <p className="hint">{t('results.matchRateHint')}</p>
        <ErrorNote error={rates.error} />
        {rates.loading ? <Loading /> : null}
        {areas.length ? (
          <>
            <BarChart
              title={t('results.matchRate')}
              data={areas.filter((a) => a.rate !== null).map((a) => [nameOf(a), a.rate ?? 0])}
              format={(n) => formatPercent(n, lang)}
            />
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('common.province')}</th>
                  <th scope="col" className="num">
                    {t('results.compared')}
                  </th>
                  <th scope="col" className="num">
                    {t('results.matching')}
                  </th>
                  <th scope="col" className="num">
                    {t('common.rate')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {areas.map((a) => (
                  <tr key={a.areaCode} data-area={a.areaCode}>
                    <th scope="row">
                      <button type="button" className="link" onClick={() => setProvince(a.areaCode)}>
                        {nameOf(a)}
                      </button>
                    </th>
                    <td className="num">{formatNumber(a.stationsCompared, lang)}</td>
                    <td className="num">{formatNumber(a.stationsMatching, lang)}</td>
                    <td className="num">{formatPercent(a.rate, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </section>
      {!province ? <p>{t('results.pickProvince')}</p> : null}
      {province ? (
        <section aria-labelledby="triggers-h">
          <h2 id="triggers-h">{t('results.triggers')}</h2>
          <ErrorNote error={triggers.error} />
          <table>
            <thead>
              <tr>
                <th scope="col">{t('results.level')}</th>
                <th scope="col">{t('common.reference')}</th>
                <th scope="col">{t('results.trigger')}</th>
                <th scope="col">{t('results.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {triggers.data?.items.slice(0, 200).map((x, i) => (
                <tr key={i} data-trigger={x.trigger}>
                  <td>{x.level}</td>
                  <td>
                    <code>{x.code}</code>
                  </td>
                  <td>{x.trigger}</td>
                  <td>{x.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {province ? (
        <section aria-labelledby="units-h">
          <h2 id="units-h">{t('results.contestUnits')}</h2>
          <ErrorNote error={units.error} />
          <table>
            <thead>
              <tr>
                <th scope="col">{t('common.commune')}</th>
                <th scope="col" className="num">
                  {t('results.seats')}
                </th>
                <th scope="col">{t('results.allocation')}</th>
                <th scope="col" className="num">
                  {t('results.invalid')}
                </th>
                <th scope="col">{t('results.margin')}</th>
              </tr>
            </thead>
            <tbody>
              {units.data?.items.map((u) => (
                <tr
                  key={u.areaCode}
                  data-area={u.areaCode}
                  className={u.seatSwingMargin && u.invalidBallots >= u.seatSwingMargin.votes ? 'differs' : undefined}
                >
                  <th scope="row">{nameOf(u)}</th>
                  <td className="num">{u.seats}</td>
                  <td>
                    {u.allocation
                      ? Object.entries(u.allocation)
                          .map(([p, s]) => `${p} ${s}`)
                          .join(', ')
                      : '—'}
                  </td>
                  <td className="num">{formatNumber(u.invalidBallots, lang)}</td>
                  <td>
                    {u.seatSwingMargin
                      ? t('results.marginWords', {
                          votes: formatNumber(u.seatSwingMargin.votes, lang),
                          gaining: u.seatSwingMargin.gainingParty,
                          losing: u.seatSwingMargin.losingParty,
                        })
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
