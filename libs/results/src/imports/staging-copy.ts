import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { notUtf8 } from './import-header';
import { ImportFailure } from './import-failure';

/**
 * Streams the file into `import_staging`, a temporary table of text columns in the header's order
 * plus `line`, the row's line in the file (the header is line 1; a quoted cell spanning lines counts
 * as one). COPY parses the CSV and checks the UTF-8; the file never sits whole in memory.
 * The `intColumns` are `int` rather than text, so that COPY parses them too: a cell that is no
 * integer then fails the COPY with NOT_AN_INTEGER (see ImportContext.typedCounts).
 * Returns the number of rows.
 */
export async function copyIntoStaging(
  client: PoolClient,
  path: string,
  width: number,
  intColumns: readonly string[],
  onBytes: (bytesRead: number) => void,
): Promise<number> {
  const columns = Array.from({ length: width }, (_, i) => `c${i + 1}`);
  await client.query(
    `CREATE TEMP TABLE import_staging (
       line int GENERATED ALWAYS AS IDENTITY (START WITH 2),
       ${columns.map((c) => `${c} ${intColumns.includes(c) ? 'int' : 'text'}`).join(', ')}
     ) ON COMMIT DROP`,
  );
  let bytesRead = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytesRead += chunk.length;
      onBytes(bytesRead);
      done(null, chunk);
    },
  });
  const copy = client.query(
    copyFrom(`COPY import_staging (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')`),
  );
  try {
    await pipeline(createReadStream(path, { highWaterMark: 256 * 1024 }), counter, copy);
  } catch (error) {
    if (NOT_AN_INTEGER.includes((error as { code?: string }).code ?? '')) throw error;
    throw asImportFailure(error) ?? error;
  }
  // No ANALYZE: the planner sizes a never-analysed table by its pages, which is enough for the
  // hash joins that follow, and analysing cost as much as a tenth of a small import.
  return copy.rowCount;
}

/** The codes of an int column's cell that is no integer (22P02) or out of range (22003). */
export const NOT_AN_INTEGER = ['22P02', '22003'];

/** COPY's complaints about the file's content, in words for the person who made the file. */
function asImportFailure(error: unknown): ImportFailure | undefined {
  const { code, message, where } = error as { code?: string; message?: string; where?: string };
  const line = /line (\d+)/.exec(where ?? '')?.[1];
  const at = line ? `line ${line}` : 'a line';
  if (code === '22021') {
    const byte = /0x([0-9a-f]{2})/i.exec(message ?? '')?.[1];
    if (byte === '00') return new ImportFailure(`The file is binary (${at} holds a NUL byte), not CSV text.`);
    return notUtf8(Number(line ?? 0), parseInt(byte ?? '0', 16));
  }
  if (code === '22P04' && /unterminated CSV quoted field/.test(message ?? '')) {
    return new ImportFailure(
      `The file is not well-formed CSV: a quoted cell is never closed (the file ends inside it, at ${at}).`,
    );
  }
  if (code === '22P04') {
    const reason = (message ?? '').replace(
      /^extra data after last expected column$/,
      'it has more cells than the header',
    );
    const fewer = /^missing data for column/.test(reason) ? 'it has fewer cells than the header' : reason;
    return new ImportFailure(`The file is not well-formed CSV at ${at}: ${fewer}.`);
  }
  if (code === '54000') return new ImportFailure(`The file is not well-formed CSV at ${at}: ${message}.`);
  return undefined;
}
