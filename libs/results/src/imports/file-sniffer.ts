/** Formats people upload by mistake, recognised by their first bytes. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive or an Excel workbook (.xlsx)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an Excel 97-2003 workbook (.xls)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
];

/**
 * Why the start of a file cannot be CSV text, or null when it may be: a known binary format, a
 * UTF-16 text, NUL bytes. Encoding errors are checked separately, so they can name the line.
 */
export function binaryFormatOf(head: Buffer): string | null {
  const known = SIGNATURES.find((s) => s.bytes.every((byte, i) => head[i] === byte));
  if (known) return `The file is ${known.what}, not CSV text; export it as CSV (UTF-8).`;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return 'The file is UTF-16 text; save it as CSV UTF-8.';
  }
  if (head.includes(0)) return 'The file is binary (it holds NUL bytes), not CSV text.';
  return null;
}

/**
 * Offset of the first byte that breaks UTF-8, or -1. A sequence cut off by the end of the buffer
 * is not an error: the buffer may be the first chunk of a longer file.
 */
export function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k += 1) {
      if (i + k >= bytes.length) return -1;
      const next = bytes[i + k];
      const low = k === 1 && b === 0xe0 ? 0xa0 : k === 1 && b === 0xf0 ? 0x90 : 0x80;
      const high = k === 1 && b === 0xed ? 0x9f : k === 1 && b === 0xf4 ? 0x8f : 0xbf;
      if (next < low || next > high) return i;
    }
    i += length;
  }
  return -1;
}

/** The 1-based line of a byte offset. */
export function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}
