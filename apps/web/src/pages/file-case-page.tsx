import { FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api';
import { useAuth } from '../auth';
import { Area, areaName, listAreas } from '../elections';
import { useI18n } from '../i18n';
import { MessageKey } from '../messages-en';
import { currentSheetsOf, SheetsSideBySide } from '../sheets';
import { ErrorNote, Field, PageTitle, useLoad } from '../ui';
import { CASE_CATEGORIES, CASE_KINDS, REMEDIES } from '../vocabulary';
import { ElectionPicker } from './election-picker';
import { EvidenceUpload } from './evidence-upload';

interface Station {
  code: string;
  name: string;
  communeCode: string;
  registeredVoters: number;
}

const STEPS: MessageKey[] = ['file.step1', 'file.step2', 'file.step3', 'file.step4', 'file.step5'];

function AreaSelect({
  label,
  election,
  level,
  parent,
  value,
  onChange,
}: {
  label: string;
  election: string;
  level: string;
  parent?: string;
  value: string;
  onChange(v: string): void;
}) {
  const { lang } = useI18n();
  const { data } = useLoad<Area[]>(
    () => (election && (level === 'province' || parent) ? listAreas(election, level, parent) : Promise.resolve([])),
    [election, level, parent],
  );
  return (
    <Field label={label}>
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={!data?.length}>
        <option value="">—</option>
        {data?.map((a) => (
          <option key={a.code} value={a.code}>
            {areaName(a, lang)} ({a.code})
          </option>
        ))}
      </select>
    </Field>
  );
}

function StationSheets({ election, code }: { election: string; code: string }) {
  const { data } = useLoad(
    () =>
      api<{ station: Station; sources: Parameters<typeof currentSheetsOf>[0] }>(
        `/api/v1/elections/${encodeURIComponent(election)}/stations/${encodeURIComponent(code)}/sheets`,
      ),
    [election, code],
  );
  return data ? (
    <SheetsSideBySide sheets={currentSheetsOf(data.sources)} caption={`${code} — ${data.station.name}`} />
  ) : null;
}

export function FileCasePage() {
  const { t, term } = useI18n();
  const { me } = useAuth();
  const [step, setStep] = useState(0);
  const [election, setElection] = useState('');
  const [kind, setKind] = useState<string>('complaint');
  const [category, setCategory] = useState<string>('result_sheet_discrepancy');
  const [province, setProvince] = useState('');
  const [district, setDistrict] = useState('');
  const [commune, setCommune] = useState('');
  const [stations, setStations] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [incidentDate, setIncidentDate] = useState('');
  const [remedy, setRemedy] = useState<string>('recount');
  const [respondent, setRespondent] = useState('');
  const [filed, setFiled] = useState<{ reference: string } | null>(null);
  const [error, setError] = useState<unknown>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step]);
  const communeStations = useLoad(
    () =>
      election && commune
        ? api<{ items: Station[] }>(
            `/api/v1/elections/${encodeURIComponent(election)}/stations?area=${commune}&limit=500`,
          ).then((b) => b.items)
        : Promise.resolve([] as Station[]),
    [election, commune],
  );
  const parties = useLoad(
    () =>
      election
        ? api<{ items: { code: string; name: string }[] } | { code: string; name: string }[]>(
            `/api/v1/elections/${encodeURIComponent(election)}/parties`,
          )
        : Promise.resolve([]),
    [election],
  );
  const partyList = Array.isArray(parties.data) ? parties.data : (parties.data?.items ?? []);
  const toggle = (code: string) => setStations((s) => (s.includes(code) ? s.filter((c) => c !== code) : [...s, code]));
  const next = (e: FormEvent) => {
    e.preventDefault();
    setStep((s) => s + 1);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const created = await api<{ reference: string }>('/api/v1/cases', {
        method: 'POST',
        body: {
          electionCode: election,
          kind,
          category,
          title,
          description,
          incidentDate: incidentDate || undefined,
          requestedRemedy: remedy,
          stationCodes: stations,
          respondentPartyCode: respondent || undefined,
          submit: true,
        },
      });
      setFiled(created);
      setStep(4);
    } catch (err) {
      setError(err);
    }
  };
  if (!me) return <p>{t('nav.signIn')}</p>;
  return (
    <>
      <PageTitle>{t('file.title')}</PageTitle>
      <h2 tabIndex={-1} ref={heading} aria-live="polite">
        {t('file.step', { n: step + 1, total: STEPS.length, name: t(STEPS[step]) })}
      </h2>
      {step === 0 ? (
        <form onSubmit={next} className="card">
          <ElectionPicker value={election} onChange={setElection} required />
          <fieldset>
            <legend>{t('file.kind')}</legend>
            {CASE_KINDS.map((k) => (
              <label key={k} style={{ marginRight: '1rem' }}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {term(k)}
              </label>
            ))}
          </fieldset>
          <Field label={t('common.category')}>
            <select name="category" value={category} onChange={(e) => setCategory(e.target.value)}>
              {CASE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {term(c)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="primary">
            {t('common.next')}
          </button>
        </form>
      ) : null}
      {step === 1 ? (
        <form onSubmit={next} className="card">
          <p>{t('file.pickCommune')}</p>
          <div className="row">
            <AreaSelect
              label={t('common.province')}
              election={election}
              level="province"
              value={province}
              onChange={(v) => {
                setProvince(v);
                setDistrict('');
                setCommune('');
              }}
            />
            <AreaSelect
              label={t('common.district')}
              election={election}
              level="district"
              parent={province}
              value={district}
              onChange={(v) => {
                setDistrict(v);
                setCommune('');
              }}
            />
            <AreaSelect
              label={t('common.commune')}
              election={election}
              level="commune"
              parent={district}
              value={commune}
              onChange={setCommune}
            />
          </div>
          <fieldset>
            <legend>{t('common.stations')}</legend>
            {communeStations.data?.map((s) => (
              <label key={s.code} style={{ display: 'block' }}>
                <input
                  type="checkbox"
                  name="station"
                  value={s.code}
                  checked={stations.includes(s.code)}
                  onChange={() => toggle(s.code)}
                />{' '}
                {s.code} — {s.name}
              </label>
            ))}
          </fieldset>
          <p aria-live="polite">{t('file.selected', { count: stations.length })}</p>
          {stations.map((code) => (
            <StationSheets key={code} election={election} code={code} />
          ))}
          <div className="actions">
            <button type="button" onClick={() => setStep(0)}>
              {t('common.back')}
            </button>
            <button type="submit" className="primary">
              {t('common.next')}
            </button>
          </div>
        </form>
      ) : null}
      {step === 2 ? (
        <form onSubmit={next} className="card">
          <Field label={t('file.title.label')}>
            <input
              name="title"
              required
              minLength={3}
              maxLength={300}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              size={60}
            />
          </Field>
          <Field label={t('file.description')}>
            <textarea
              name="description"
              required
              minLength={10}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Field>
          <Field label={t('file.incidentDate')}>
            <input
              name="incidentDate"
              type="date"
              value={incidentDate}
              onChange={(e) => setIncidentDate(e.target.value)}
            />
          </Field>
          <Field label={t('file.remedy')}>
            <select name="requestedRemedy" value={remedy} onChange={(e) => setRemedy(e.target.value)}>
              {REMEDIES.map((r) => (
                <option key={r} value={r}>
                  {term(r)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('file.respondent')}>
            <select name="respondent" value={respondent} onChange={(e) => setRespondent(e.target.value)}>
              <option value="">—</option>
              {partyList
                .filter((p) => p.code !== me.partyCode)
                .map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.code} — {p.name}
                  </option>
                ))}
            </select>
          </Field>
          <div className="actions">
            <button type="button" onClick={() => setStep(1)}>
              {t('common.back')}
            </button>
            <button type="submit" className="primary">
              {t('common.next')}
            </button>
          </div>
        </form>
      ) : null}
      {step === 3 ? (
        <form onSubmit={(e) => void submit(e)} className="card">
          <dl className="facts">
            <dt>{t('common.election')}</dt>
            <dd>{election}</dd>
            <dt>{t('file.kind')}</dt>
            <dd>{term(kind)}</dd>
            <dt>{t('common.category')}</dt>
            <dd>{term(category)}</dd>
            <dt>{t('common.stations')}</dt>
            <dd>{stations.join(', ') || '—'}</dd>
            <dt>{t('file.title.label')}</dt>
            <dd>{title}</dd>
            <dt>{t('file.description')}</dt>
            <dd>{description}</dd>
            <dt>{t('file.remedy')}</dt>
            <dd>{term(remedy)}</dd>
            <dt>{t('file.respondent')}</dt>
            <dd>{respondent || '—'}</dd>
          </dl>
          <ErrorNote error={error} />
          <div className="actions">
            <button type="button" onClick={() => setStep(2)}>
              {t('common.back')}
            </button>
            <button type="submit" className="primary">
              {t('common.submit')}
            </button>
          </div>
        </form>
      ) : null}
      {step === 4 && filed ? (
        <>
          <p className="notice" role="status" data-reference={filed.reference}>
            {t('file.filed', { reference: filed.reference })}
          </p>
          <EvidenceUpload reference={filed.reference} />
          <Link className="button primary" to={`/cases/${encodeURIComponent(filed.reference)}`}>
            {t('file.open')}
          </Link>
        </>
      ) : null}
    </>
  );
}
