import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One measured figure; serialised with exactly these keys, in this order, as one JSON line.
 * `baseline` is what `value` is compared with: a raw baseline measured in the same run (ratio = value /
 * baseline, goals ">=x"/"<=x" apply to the ratio), or a goal's bound in the figure's own unit (goals "<x",
 * ">x" and "flat" apply to the value; ratio = value / bound), or null when there is nothing to compare with.
 */
export interface Figure {
  bench: string;
  figure: string;
  value: number;
  baseline: number | null;
  ratio: number | null;
  goal: string;
}

/** How a figure is rounded: per-second rates are whole numbers, ms two decimals, s three, MB one, ratios three. */
export type Unit = 'rps' | 'ms' | 's' | 'mb' | 'x';
const DIGITS: Record<Unit, number> = { rps: 0, ms: 2, s: 3, mb: 1, x: 3 };

/** "flat": a growth ratio (the value) of at most this much. */
export const FLAT_MAX_GROWTH = 1.5;

export function figure(
  bench: string,
  name: string,
  unit: Unit,
  value: number,
  baseline: number | null,
  goal: string,
): Figure {
  const round = (n: number) => roundTo(n, DIGITS[unit]);
  return {
    bench,
    figure: name,
    value: round(value),
    baseline: baseline === null ? null : round(baseline),
    // From the unrounded numbers: rounding a small p99 first would distort the ratio.
    ratio: baseline === null ? null : baseline > 0 ? roundTo(value / baseline, 3) : 0,
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

/**
 * `true`/`false` for a goal on the ratio (">=x", "<=x"), on the value ("<x", ">x"), or "flat" (the value,
 * a growth ratio, at most FLAT_MAX_GROWTH); `undefined` when the figure is only reported.
 */
export function meetsGoal(f: Figure): boolean | undefined {
  if (f.goal === 'flat') return f.value <= FLAT_MAX_GROWTH;
  const match = /^(>=|<=|<|>)(\d+(?:\.\d+)?)$/.exec(f.goal);
  if (!match) return undefined;
  const bound = Number(match[2]);
  switch (match[1]) {
    case '<':
      return f.value < bound;
    case '>':
      return f.value > bound;
    default:
      if (f.ratio === null) return undefined;
      return match[1] === '>=' ? f.ratio >= bound : f.ratio <= bound;
  }
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

/** The figures' table every benchmark prints before its JSON lines. */
export function figuresTable(figures: readonly Figure[]): string {
  return table(
    ['figure', 'value', 'baseline', 'ratio', 'goal', 'verdict'],
    figures.map((f) => [
      f.figure,
      String(f.value),
      f.baseline === null ? '-' : String(f.baseline),
      f.ratio === null ? '-' : String(f.ratio),
      f.goal,
      verdict(f),
    ]),
  );
}

/** Keeps the last run's lines next to the benchmarks (bench/results/ is git-ignored) for comparing runs. */
export function saveResults(benchDir: string, bench: string, figures: Figure[]): string {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${bench}.jsonl`);
  writeFileSync(path, figures.map(jsonLine).join('\n') + '\n');
  return path;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const roundTo = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
