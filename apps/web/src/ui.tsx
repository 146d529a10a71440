import { ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError } from './api';
import { formatInstant, useElectionZone } from './format';
import { useI18n } from './i18n';

/** Loads once per change of `deps`; returns data, error, and a reload. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
): { data: T | undefined; error: unknown; reload(): void; loading: boolean } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((d) => {
        if (live) {
          setData(d);
          setError(undefined);
        }
      })
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { data, error, loading, reload: () => setTick((n) => n + 1) };
}

export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <div role="alert" className="error">
      <strong>{problem?.title ?? t('common.error')}</strong>
      {problem?.detail ? <span> — {problem.detail}</span> : null}
      {problem?.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.field + e.message}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {!problem && error instanceof Error ? <span> — {error.message}</span> : null}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

/** The page's main heading, focused on navigation so screen readers announce the new page. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="field">
      <span className="label">{label}</span>
      {children}
      {hint ? <span className="hint">{hint}</span> : null}
    </label>
  );
}

/** A horizontal bar chart in plain SVG, with a text table fallback for screen readers. */
export function BarChart({
  title,
  data,
  format,
}: {
  title: string;
  data: [string, number][];
  format?: (n: number) => string;
}) {
  const { t } = useI18n();
  const max = Math.max(1, ...data.map(([, v]) => v));
  const row = 28;
  const labelWidth = 200;
  const width = 560;
  const f = format ?? ((n: number) => String(n));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        role="img"
        aria-label={t('stats.chart', { title })}
        viewBox={`0 0 ${width} ${Math.max(row, data.length * row)}`}
        width="100%"
      >
        {data.map(([label, value], i) => {
          const w = ((width - labelWidth - 60) * value) / max;
          return (
            <g key={label} transform={`translate(0 ${i * row})`}>
              <text x={labelWidth - 8} y={row / 2 + 5} textAnchor="end" className="chart-label">
                {label}
              </text>
              <rect x={labelWidth} y={4} width={Math.max(1, w)} height={row - 8} className="chart-bar" />
              <text x={labelWidth + w + 6} y={row / 2 + 5} className="chart-value">
                {f(value)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <tbody>
          {data.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{f(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** An instant shown in the election's time zone (its deadline policy's), as a <time> element. */
export function Instant({ iso, election }: { iso: string | null | undefined; election: string | null | undefined }) {
  const { lang } = useI18n();
  const zone = useElectionZone(election);
  if (!iso) return <>—</>;
  return <time dateTime={iso}>{formatInstant(iso, lang, zone)}</time>;
}
