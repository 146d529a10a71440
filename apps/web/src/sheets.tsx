import { useI18n } from './i18n';
import { formatNumber } from './format';

/** One source's copy of one station's count, as the public record, the case and the results API give it. */
export interface SheetFigures {
  source: string;
  version: number;
  registeredVoters: number;
  ballotsCast: number;
  invalidBallots: number;
  validBallots: number;
  votes: Record<string, number>;
  findings: (string | { code: string; message: string })[];
  isCurrentOfficial: boolean;
}

const FIELDS = ['registeredVoters', 'ballotsCast', 'invalidBallots', 'validBallots'] as const;

/**
 * A station's sheets side by side, one column per source; every figure that differs from the
 * current official sheet's is highlighted and says by how much.
 */
export function SheetsSideBySide({ sheets, caption }: { sheets: SheetFigures[]; caption: string }) {
  const { t, term, lang } = useI18n();
  if (!sheets.length) return <p>{t('common.none')}</p>;
  const official = sheets.find((s) => s.isCurrentOfficial) ?? sheets[0];
  const parties = [...new Set(sheets.flatMap((s) => Object.keys(s.votes)))];
  const rows: { key: string; label: string; value: (s: SheetFigures) => number }[] = [
    ...FIELDS.map((f) => ({ key: f, label: t(`sheet.${f}`), value: (s: SheetFigures) => s[f] })),
    ...parties.map((p) => ({ key: `votes.${p}`, label: p, value: (s: SheetFigures) => s.votes[p] ?? 0 })),
  ];
  return (
    <table className="side-by-side">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('common.source')}</th>
          {sheets.map((s) => (
            <th scope="col" key={`${s.source}-${s.version}`} className="num">
              {term(s.source)} v{s.version}
              {s.isCurrentOfficial ? <span className="badge ok"> {t('sheet.currentOfficial')}</span> : null}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            {sheets.map((s) => {
              const diff = row.value(s) - row.value(official);
              return (
                <td
                  key={`${s.source}-${s.version}`}
                  className={diff !== 0 ? 'num differs' : 'num'}
                  data-differs={diff !== 0 ? 'true' : undefined}
                >
                  {formatNumber(row.value(s), lang)}
                  {diff !== 0 ? (
                    <span className="sr-only"> ({t('sheet.differs', { diff: (diff > 0 ? '+' : '') + diff })})</span>
                  ) : null}
                  {diff !== 0 ? <span aria-hidden="true"> ({(diff > 0 ? '+' : '') + diff})</span> : null}
                </td>
              );
            })}
          </tr>
        ))}
        <tr>
          <th scope="row">{t('sheet.findings')}</th>
          {sheets.map((s) => (
            <td key={`${s.source}-${s.version}`}>
              {s.findings.map((f) => (typeof f === 'string' ? f : f.code)).join(', ') || '—'}
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

interface SourceSheets {
  source: string;
  versions: (Omit<SheetFigures, 'source' | 'version' | 'isCurrentOfficial'> & {
    version: number;
    isCurrent: boolean;
    isCurrentOfficial: boolean;
  })[];
}

/** The results API's `stations/{code}/sheets` reduced to each source's current version. */
export function currentSheetsOf(sources: SourceSheets[]): SheetFigures[] {
  return sources.flatMap((s) => {
    const v = s.versions.find((x) => x.isCurrent) ?? s.versions[0];
    return v ? [{ ...v, source: s.source }] : [];
  });
}
