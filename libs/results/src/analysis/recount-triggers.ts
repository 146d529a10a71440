import type { ElectionThresholds } from '@app/elections';
import { ContestUnitSummary } from './contest-unit-summary';
import { describeFinding } from './finding-messages';
import { formatCount, SheetFigures, voteDifferences } from './sheet-figures';

/*
 * Recount triggers (DOMAIN.md, "Margins, seats and recount triggers"), each with its reason in words.
 * Pure: the services load the unit totals and the official sheets, this decides and explains.
 */

export const RECOUNT_TRIGGERS = ['INVALID_EXCEEDS_MARGIN', 'ARITHMETIC', 'SOURCES_DISAGREE'] as const;
export type RecountTriggerCode = (typeof RECOUNT_TRIGGERS)[number];

export const TRIGGER_LEVELS = ['contest_unit', 'station'] as const;
export type TriggerLevel = (typeof TRIGGER_LEVELS)[number];

/** The checks whose failure on the official sheet calls for a recount; the others are only signals. */
export const ARITHMETIC_TRIGGER_CHECKS = ['VOTES_SUM', 'BALLOTS_SUM', 'OVER_REGISTERED'] as const;

export interface RecountTrigger {
  level: TriggerLevel;
  /** The contest unit's area code or the station's code. */
  code: string;
  trigger: RecountTriggerCode;
  reason: string;
  /** SOURCES_DISAGREE: the source that disagrees with the official sheet. */
  source?: string;
  /** ARITHMETIC: the failed checks. */
  checks?: string[];
}

/** A station's current official sheet, with the current sheets of the sources that disagree on votes. */
export interface StationSheets {
  stationCode: string;
  official: SheetFigures & { source: string; version: number; findings: readonly string[] };
  disagreeing: { source: string; votes: number[] }[];
}

export interface TriggerInput {
  units: readonly ContestUnitSummary[];
  stations: readonly StationSheets[];
  partyCodes: readonly string[];
  thresholds: ElectionThresholds;
}

/**
 * Contest units first, where a seat may be at stake, the most invalid ballots per vote of margin
 * first; then stations by code, arithmetic before disagreement.
 */
export function recountTriggers(input: TriggerInput): RecountTrigger[] {
  const units = input.units
    .filter((u) => u.seatSwingMargin !== null && u.invalidBallots >= u.seatSwingMargin.votes)
    .sort((a, b) => atStake(b) - atStake(a) || compareCodes(a.areaCode, b.areaCode))
    .map(invalidExceedsMargin);
  const stations = [...input.stations]
    .sort((a, b) => compareCodes(a.stationCode, b.stationCode))
    .flatMap((station) => [
      ...arithmetic(station, input.thresholds),
      ...[...station.disagreeing]
        .sort((a, b) => compareCodes(a.source, b.source))
        .map((other) => sourcesDisagree(station, other, input.partyCodes)),
    ]);
  return [...units, ...stations];
}

function atStake(unit: ContestUnitSummary): number {
  return unit.invalidBallots / (unit.seatSwingMargin?.votes ?? 1);
}

function invalidExceedsMargin(unit: ContestUnitSummary): RecountTrigger {
  const margin = unit.seatSwingMargin!;
  return {
    level: 'contest_unit',
    code: unit.areaCode,
    trigger: 'INVALID_EXCEEDS_MARGIN',
    reason:
      `${capitalise(votesOf(unit.invalidBallots, 'invalid ballot'))} ${unit.invalidBallots === 1 ? 'is' : 'are'} ` +
      `at least the seat-swing margin of ` +
      `${votesOf(margin.votes, 'vote')}: ${votesOf(margin.votes, 'more vote')} for ${margin.receivingParty} ` +
      `would move a seat from ${margin.losingParty} to ${margin.gainingParty}.`,
  };
}

function arithmetic(station: StationSheets, thresholds: ElectionThresholds): RecountTrigger[] {
  const failed = ARITHMETIC_TRIGGER_CHECKS.filter((check) => station.official.findings.includes(check));
  if (failed.length === 0) return [];
  const described = failed.map((check) => {
    const finding = describeFinding(check, station.official, thresholds);
    return `${check} (${finding.message})`;
  });
  return [
    {
      level: 'station',
      code: station.stationCode,
      trigger: 'ARITHMETIC',
      reason: `The official sheet (${officialLabel(station)}) fails ${joinWords(described)}.`,
      checks: failed,
    },
  ];
}

function sourcesDisagree(
  station: StationSheets,
  other: { source: string; votes: number[] },
  partyCodes: readonly string[],
): RecountTrigger {
  const parties = voteDifferences(station.official.votes, other.votes, partyCodes).map(
    (d) => `${d.field} (official ${formatCount(d.official)}, ${other.source} ${formatCount(d.other)})`,
  );
  return {
    level: 'station',
    code: station.stationCode,
    trigger: 'SOURCES_DISAGREE',
    reason:
      `The ${other.source} sheet differs from the official sheet (${officialLabel(station)}) ` +
      `on the votes of ${joinWords(parties)}.`,
    source: other.source,
  };
}

function officialLabel(station: StationSheets): string {
  return `${station.official.source}, version ${station.official.version}`;
}

function votesOf(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** "A", "A and B", "A, B and C". */
export function joinWords(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Plain code-point order, as the database's "C" collation would sort them. */
function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
