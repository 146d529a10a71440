/** The evidence formats Recourse recognises by content; the default of EVIDENCE_MEDIA_TYPES. */
export const EVIDENCE_MEDIA_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'video/mp4',
  'audio/mpeg',
  'audio/mp4',
  'audio/ogg',
  'text/plain',
  'text/csv',
] as const;

/** How many first bytes detectMediaType needs to recognise every format. */
export const MEDIA_TYPE_HEAD_BYTES = 4096;

export interface DetectedMediaType {
  /** Lower case, no parameters; `application/octet-stream` when nothing can be said. */
  mediaType: string;
  /**
   * `content`: recognised by the bytes (magic numbers, or text); `declared`: a type we cannot
   * recognise by content, taken from what the uploader said; `unknown`: neither.
   */
  by: 'content' | 'declared' | 'unknown';
}

const ascii = (text: string, bytes: Buffer, at = 0) => bytes.subarray(at, at + text.length).toString('latin1') === text;

/** Binary formats by their magic bytes, most specific first. */
const SIGNATURES: { mediaType: string; matches: (b: Buffer) => boolean }[] = [
  { mediaType: 'application/pdf', matches: (b) => ascii('%PDF-', b) },
  { mediaType: 'image/png', matches: (b) => ascii('\x89PNG\r\n\x1a\n', b) },
  { mediaType: 'image/jpeg', matches: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mediaType: 'image/webp', matches: (b) => ascii('RIFF', b) && ascii('WEBP', b, 8) },
  { mediaType: 'audio/ogg', matches: (b) => ascii('OggS', b) },
  { mediaType: 'audio/mpeg', matches: (b) => ascii('ID3', b) || isMpegAudioFrame(b) },
  // ISO base media (MP4, M4A): a `ftyp` box first, whose major brand says audio or video.
  { mediaType: 'audio/mp4', matches: (b) => ascii('ftyp', b, 4) && /^M4[AB] $/.test(brand(b)) },
  { mediaType: 'video/mp4', matches: (b) => ascii('ftyp', b, 4) && MP4_BRANDS.test(brand(b)) },
];

const MP4_BRANDS = /^(isom|iso[2-9]|mp41|mp42|avc1|M4V |M4VH|M4VP|dash|mmp4|MSNV|f4v )$/;
const brand = (b: Buffer) => b.subarray(8, 12).toString('latin1');

/**
 * An MPEG audio layer III frame header (an MP3 without ID3 tag): 11 sync bits, a valid version,
 * layer III, a valid bitrate and sample rate. Layers I and II are left out: their headers include
 * `FF FE`, the byte order mark of UTF-16 text.
 */
function isMpegAudioFrame(b: Buffer): boolean {
  if (b.length < 3 || b[0] !== 0xff || (b[1] & 0xe0) !== 0xe0) return false;
  const version = (b[1] >> 3) & 0x03;
  const layer = (b[1] >> 1) & 0x03;
  const bitrate = b[2] >> 4;
  const sampleRate = (b[2] >> 2) & 0x03;
  return version !== 0x01 && layer === 0x01 && bitrate !== 0x0f && bitrate !== 0x00 && sampleRate !== 0x03;
}

/** Every type detectMediaType can recognise by content: declaring one of these proves nothing. */
const RECOGNISABLE = new Set([...SIGNATURES.map((s) => s.mediaType), 'text/plain', 'text/csv']);

/**
 * The media type of an uploaded file, from its first bytes (see MEDIA_TYPE_HEAD_BYTES). What the
 * bytes say wins over the declared type and the file name: a PDF named `photo.jpg` is a PDF, and
 * a file declared `application/pdf` that does not start as one is `application/octet-stream`.
 * Text (UTF-8, no control characters but tab, line breaks and form feed) is `text/csv` when it is
 * declared or named so, else `text/plain`. A declared type Recourse cannot recognise by content is
 * passed through as `declared`, for the caller's list of accepted types to decide.
 */
export function detectMediaType(
  firstBytes: Buffer,
  declaredType: string | null | undefined,
  fileName: string | null | undefined,
): DetectedMediaType {
  const signature = SIGNATURES.find((s) => s.matches(firstBytes));
  if (signature) return { mediaType: signature.mediaType, by: 'content' };
  const declared = normaliseMediaType(declaredType);
  if (isText(firstBytes)) {
    const csv = declared === 'text/csv' || declared === 'application/csv' || /\.csv$/i.test(fileName ?? '');
    return { mediaType: csv ? 'text/csv' : 'text/plain', by: 'content' };
  }
  if (declared && declared !== 'application/octet-stream' && !RECOGNISABLE.has(declared)) {
    return { mediaType: declared, by: 'declared' };
  }
  return { mediaType: 'application/octet-stream', by: 'unknown' };
}

/** `Text/CSV; charset=utf-8` → `text/csv`; null when it is not a type/subtype. */
export function normaliseMediaType(type: string | null | undefined): string | null {
  const bare = type?.split(';')[0].trim().toLowerCase();
  return bare && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(bare) ? bare : null;
}

function isText(bytes: Buffer): boolean {
  let text: string;
  try {
    // stream: a character cut off by the end of the head is not an error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}
