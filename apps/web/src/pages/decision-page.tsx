import { Link, useParams } from 'react-router';
import { api } from '../api';
import { formatDay, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { SheetFigures, SheetsSideBySide } from '../sheets';
import { ErrorNote, Instant, Loading, PageTitle, useLoad } from '../ui';

interface PublicRecord {
  kind: string;
  reference: string;
  election: { code: string; name: string; nameKm: string | null };
  case: {
    kind: string;
    category: string;
    title: string | null;
    description: string | null;
    incidentDate: string | null;
    requestedRemedy: string | null;
    complainant: { kind: string; partyCode?: string; organisation?: string };
    respondentPartyCode: string | null;
    filedAt: string | null;
    late: boolean;
  };
  decision: {
    outcome: string;
    findings: string;
    reasoning: string;
    legalBasis: string[];
    remedies: { kind: string; stationCodes: string[] }[];
    publishedAt: string;
    amends: string | null;
  };
  timeline: { action: string; from: string | null; to: string | null; at: string }[];
  linkedStations: { stationCode: string; stationName: string; communeCode: string; sheets: SheetFigures[] }[];
  evidence: { fileName: string; mediaType: string; size: number; sha256: string; description: string | null }[];
  transparency?: { leafIndex: number | null };
}

export function DecisionPage() {
  const { reference = '' } = useParams();
  const { t, term, lang } = useI18n();
  const {
    data: r,
    error,
    loading,
  } = useLoad(() => api<PublicRecord>(`/api/v1/public/decisions/${encodeURIComponent(reference)}`), [reference]);
  if (loading && !r) return <Loading />;
  if (error || !r) return <ErrorNote error={error} />;
  const election = r.election.code;
  const complainant =
    r.case.complainant.kind === 'party'
      ? `${term('party')} ${r.case.complainant.partyCode}`
      : r.case.complainant.kind === 'observer'
        ? (r.case.complainant.organisation ?? term('observer'))
        : term('voter');
  return (
    <article>
      <PageTitle>{r.case.title ?? r.reference}</PageTitle>
      <p>
        <code>{r.reference}</code> · {lang === 'km' && r.election.nameKm ? r.election.nameKm : r.election.name} ·{' '}
        <strong>{term(r.decision.outcome)}</strong> · {t('common.published')}{' '}
        <Instant iso={r.decision.publishedAt} election={election} />
      </p>
      {r.transparency?.leafIndex !== undefined && r.transparency.leafIndex !== null ? (
        <p>
          {t('decision.logged', { index: r.transparency.leafIndex })} —{' '}
          <Link to={`/transparency?leaf=${r.transparency.leafIndex}`}>{t('decision.verify')}</Link>
        </p>
      ) : null}
      <section>
        <h2>{t('decision.case')}</h2>
        <dl className="facts">
          <dt>{t('file.kind')}</dt>
          <dd>{term(r.case.kind)}</dd>
          <dt>{t('common.category')}</dt>
          <dd>{term(r.case.category)}</dd>
          <dt>{t('decision.complainant')}</dt>
          <dd>{complainant}</dd>
          <dt>{t('decision.respondent')}</dt>
          <dd>{r.case.respondentPartyCode ?? '—'}</dd>
          <dt>{t('decision.incidentDate')}</dt>
          <dd>{formatDay(r.case.incidentDate, lang)}</dd>
          <dt>{t('common.filed')}</dt>
          <dd>
            <Instant iso={r.case.filedAt} election={election} />{' '}
            {r.case.late ? <span className="badge bad">{t('decision.late')}</span> : null}
          </dd>
          <dt>{t('decision.requestedRemedy')}</dt>
          <dd>{term(r.case.requestedRemedy)}</dd>
        </dl>
        {r.case.description ? <p className="prose">{r.case.description}</p> : null}
      </section>
      <section>
        <h2>{t('decision.findings')}</h2>
        <p className="prose">{r.decision.findings}</p>
        <h2>{t('decision.reasoning')}</h2>
        <p className="prose">{r.decision.reasoning}</p>
        <h2>{t('decision.legalBasis')}</h2>
        <ul>
          {r.decision.legalBasis.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
        <h2>{t('decision.remedies')}</h2>
        {r.decision.remedies.length ? (
          <ul>
            {r.decision.remedies.map((m, i) => (
              <li key={i}>
                {term(m.kind)}: {m.stationCodes.join(', ')}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('common.none')}</p>
        )}
      </section>
      <section>
        <h2>{t('decision.timeline')}</h2>
        <ol>
          {r.timeline.map((step, i) => (
            <li key={i}>
              <Instant iso={step.at} election={election} /> — {term(step.action)}
              {step.to ? ` → ${term(step.to)}` : ''}
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h2>{t('decision.sheets')}</h2>
        <p className="hint">{t('decision.sheetsHint')}</p>
        {r.linkedStations.map((s) => (
          <SheetsSideBySide key={s.stationCode} sheets={s.sheets} caption={`${s.stationCode} — ${s.stationName}`} />
        ))}
      </section>
      {r.evidence.length ? (
        <section>
          <h2>{t('decision.evidence')}</h2>
          <ul>
            {r.evidence.map((e) => (
              <li key={e.sha256}>
                {e.fileName} ({e.mediaType}, {formatNumber(e.size, lang)} B) {e.description}{' '}
                <code>sha256 {e.sha256}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
