import type { FieldError } from '@app/platform';
import type { SheetFigures } from '@app/results';
import { parseRecountSheet } from '../recounts/recount-sheet';
import type { Remedy } from './decision.entity';

export type ParsedRemedies =
  { ok: true; corrections: Map<number, Map<string, SheetFigures>> } | { ok: false; errors: FieldError[] };

/**
 * The remedies of a decision draft, judged before it is saved: a result correction carries one full
 * sheet per station it names (as a recount's figures are entered, `stationCode` added), and no
 * other remedy carries figures. Pure: the caller has checked that the stations exist.
 */
export function parseRemedies(remedies: readonly Remedy[], partyCodes: readonly string[]): ParsedRemedies {
  const errors: FieldError[] = [];
  const corrections = new Map<number, Map<string, SheetFigures>>();
  remedies.forEach((remedy, i) => {
    const at = `remedies[${i}]`;
    if (remedy.kind !== 'result_correction') {
      if (remedy.figures !== undefined)
        errors.push({ field: `${at}.figures`, message: 'are only for a result_correction' });
      return;
    }
    if (!remedy.figures || remedy.figures.length === 0) {
      errors.push({ field: `${at}.figures`, message: 'are required: the corrected sheet of each station' });
      return;
    }
    const sheets = new Map<string, SheetFigures>();
    remedy.figures.forEach((figure, j) => {
      const { stationCode, ...sheet } = figure;
      const field = `${at}.figures[${j}]`;
      if (typeof stationCode !== 'string' || !remedy.stationCodes.includes(stationCode)) {
        errors.push({ field: `${field}.stationCode`, message: 'must be one of the remedy’s stationCodes' });
        return;
      }
      if (sheets.has(stationCode)) {
        errors.push({ field: `${field}.stationCode`, message: `${stationCode} has more than one sheet` });
        return;
      }
      const parsed = parseRecountSheet(sheet, partyCodes);
      if (!parsed.ok) {
        errors.push(...parsed.errors.map((e) => ({ ...e, field: e.field.replace(/^sheet/, field) })));
        return;
      }
      sheets.set(stationCode, parsed.figures);
    });
    for (const code of remedy.stationCodes) {
      if (!sheets.has(code) && !remedy.figures.some((f) => f.stationCode === code)) {
        errors.push({ field: `${at}.figures`, message: `lack the sheet of station ${code}` });
      }
    }
    corrections.set(i, sheets);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, corrections };
}
