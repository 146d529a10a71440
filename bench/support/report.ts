import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One measured figure; serialised with exactly these keys, in this order, as one JSON line. */
export interface Figure {
  bench: string;
  figure: string;
  value: number;
  baseline: number;
  ratio: number;
  goal: string;
}

/** Requests per second are whole numbers; milliseconds keep two decimals. */
export function figure(
  bench: string,
  name: string,
  unit: 'rps' | 'ms',
  value: number,
  baseline: number,
  goal: string,
): Figure {
  const round = (n: number) => (unit === 'rps' ? Math.round(n) : roundTo(n, 2));
  return {
    bench,
    figure: name,
    value: round(value),
    baseline: round(baseline),
    // From the unrounded numbers: rounding a small p99 first would distort the ratio.
    ratio: baseline > 0 ? roundTo(value / baseline, 2) : 0,
    goal,
  };
}

export const jsonLine = (f: Figure) =>
  JSON.stringify({
    bench: f.bench,
    figure: f.figure,
    value: f.value,
    baseline: f.baseline,
    ratio: f.ratio,
    goal: f.goal,
  });

/** `true`/`false` for a ">=x" or "<=x" goal on the ratio; `undefined` when the figure is only reported. */
export function meetsGoal(f: Figure): boolean | undefined {
  const match = /^(>=|<=)(\d+(?:\.\d+)?)$/.exec(f.goal);
  if (!match) return undefined;
  const bound = Number(match[2]);
  return match[1] === '>=' ? f.ratio >= bound : f.ratio <= bound;
}

export function verdict(f: Figure): string {
  const met = meetsGoal(f);
  return met === undefined ? '-' : met ? 'ok' : 'BELOW GOAL';
}

/** A plain-text table: first column left-aligned, the others right-aligned (they are numbers). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Keeps the last run's lines next to the benchmarks (bench/results/ is git-ignored) for comparing runs. */
export function saveResults(benchDir: string, bench: string, figures: Figure[]): string {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${bench}.jsonl`);
  writeFileSync(path, figures.map(jsonLine).join('\n') + '\n');
  return path;
}

export const roundTo = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
