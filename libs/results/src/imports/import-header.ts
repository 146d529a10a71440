import { parse } from 'csv-parse/sync';
import { binaryFormatOf, firstInvalidUtf8, lineAt } from './file-sniffer';
import { ColumnMap, IMPORT_COLUMNS } from './import-columns';
import { ImportFailure } from './import-failure';
import { ImportKind } from './result-import.entity';

/** How much of the file's start is read to check it and find its header. */
export const HEAD_BYTES = 64 * 1024;
const MAX_COLUMNS = 500;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Checks the start of an import file and maps its header to staging columns, or throws an
 * ImportFailure saying what is wrong with the file as a whole. Known column names are matched
 * without regard to case; for sheets every other column must be a party of the election, and every
 * party must have one (CONTRACT.md "Import files"); other kinds ignore unknown columns.
 */
export function analyseHeader(head: Buffer, kind: ImportKind, partyCodes: readonly string[]): ColumnMap {
  if (head.length === 0) throw new ImportFailure('The file is empty.');
  const binary = binaryFormatOf(head);
  if (binary) throw new ImportFailure(binary);
  const invalid = firstInvalidUtf8(head);
  if (invalid >= 0) throw notUtf8(lineAt(head, invalid), head[invalid]);

  const cells = headerCells(head.subarray(head.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0));
  if (cells.length > MAX_COLUMNS)
    throw new ImportFailure(`The header has ${cells.length} columns; at most ${MAX_COLUMNS}.`);
  const specs = IMPORT_COLUMNS[kind];
  const positions = new Map<string, number>();
  const unknown: string[] = [];
  cells.forEach((raw, index) => {
    if (raw === '') return; // a nameless column holds nothing any kind reads
    const spec = specs.find((s) => s.name === raw.toLowerCase());
    const party =
      kind === 'sheets' && !spec ? partyCodes.find((p) => p.toUpperCase() === raw.toUpperCase()) : undefined;
    const name = spec?.name ?? party;
    if (name === undefined) {
      unknown.push(raw);
      return;
    }
    if (positions.has(name)) throw new ImportFailure(`The column "${name}" appears twice in the header.`);
    positions.set(name, index);
  });

  const missing = specs.filter((s) => s.required && !positions.has(s.name)).map((s) => s.name);
  if (missing.length === specs.filter((s) => s.required).length) {
    const separator = cells.length === 1 ? /[;\t|]/.exec(cells[0])?.[0] : undefined;
    if (separator) {
      const name = separator === '\t' ? 'tabs' : `"${separator}"`;
      throw new ImportFailure(`The columns are separated by ${name}; an import file separates them by commas.`);
    }
    throw new ImportFailure(
      `The first line is not the header of a ${kind} file: it has none of the required columns ` +
        `(${missing.join(', ')}). Is it a CSV file of this kind?`,
    );
  }
  if (missing.length > 0) {
    throw new ImportFailure(`Missing required column${plural(missing)}: ${missing.join(', ')}.`);
  }
  if (kind === 'sheets') {
    if (unknown.length > 0) {
      throw new ImportFailure(
        `Unknown column${plural(unknown)} ${unknown.map((u) => `"${u}"`).join(', ')}: the election has no such ` +
          `part${unknown.length === 1 ? 'y' : 'ies'} (its parties: ${partyCodes.join(', ')}).`,
      );
    }
    const absent = partyCodes.filter((p) => !positions.has(p));
    if (absent.length > 0) {
      throw new ImportFailure(`Missing party column${plural(absent)}: ${absent.join(', ')}; every party needs one.`);
    }
  }
  const staging = (index: number | undefined) => (index === undefined ? undefined : `c${index + 1}`);
  return {
    of: (name) => staging(positions.get(name)),
    parties: kind === 'sheets' ? partyCodes.map((p) => staging(positions.get(p)) as string) : [],
    width: cells.length,
  };
}

export function notUtf8(line: number, byte: number): ImportFailure {
  const hex = byte.toString(16).toUpperCase().padStart(2, '0');
  return new ImportFailure(
    `The file is not valid UTF-8: line ${line} has the byte 0x${hex}. Save it as CSV UTF-8 (it may be Latin-1 or Windows-1252).`,
  );
}

const plural = (items: unknown[]) => (items.length === 1 ? '' : 's');

/** The cells of the first line, trimmed. */
function headerCells(head: Buffer): string[] {
  const end = head.indexOf(0x0a);
  if (end < 0 && head.length >= HEAD_BYTES - 3) {
    throw new ImportFailure(`The first line is longer than ${HEAD_BYTES / 1024} KB: this is not a CSV header.`);
  }
  const line = head.subarray(0, end < 0 ? head.length : end).toString('utf8');
  if (line.trim() === '') throw new ImportFailure('The first line is empty: the file must start with its header.');
  try {
    const [cells] = parse(line, { relax_column_count: true }) as string[][];
    return (cells ?? []).map((c) => c.trim());
  } catch (error) {
    throw new ImportFailure(`The header is not valid CSV: ${(error as Error).message}`);
  }
}
