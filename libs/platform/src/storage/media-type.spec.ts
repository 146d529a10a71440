import { detectMediaType, normaliseMediaType } from './media-type';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const SAMPLES: [string, Buffer][] = [
  ['application/pdf', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj')],
  ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0')],
  ['image/png', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR')],
  ['image/webp', bytes('RIFF', [0x24, 0x08, 0, 0], 'WEBPVP8 ')],
  ['video/mp4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0], 'isomiso2avc1mp41')],
  ['video/mp4', bytes([0, 0, 0, 0x18], 'ftypmp42', [0, 0, 0, 0], 'mp42isom')],
  ['audio/mp4', bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0], 'M4A mp42isom')],
  ['audio/mpeg', bytes('ID3', [4, 0, 0, 0, 0, 0, 0x23], 'TSSE')],
  ['audio/mpeg', bytes([0xff, 0xfb, 0x90, 0x64, 0x00])], // MPEG-1 layer III frame, 128 kbit/s, 44.1 kHz
  ['audio/ogg', bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0], 'OpusHead')],
];

describe('detectMediaType', () => {
  it.each(SAMPLES)('recognises %s by its first bytes', (mediaType, head) => {
    expect(detectMediaType(head, 'application/octet-stream', 'upload.bin')).toEqual({ mediaType, by: 'content' });
  });

  it('believes the bytes, not the declared type or the name', () => {
    const pdf = SAMPLES[0][1];
    expect(detectMediaType(pdf, 'image/jpeg', 'photo.jpg')).toEqual({ mediaType: 'application/pdf', by: 'content' });
    const png = SAMPLES[2][1];
    expect(detectMediaType(png, 'text/plain', 'notes.txt').mediaType).toBe('image/png');
  });

  it('does not take a recognisable type on trust: a "PDF" that does not start as one is octet-stream', () => {
    const binary = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]); // a Windows executable
    expect(detectMediaType(binary, 'application/pdf', 'decision.pdf')).toEqual({
      mediaType: 'application/octet-stream',
      by: 'unknown',
    });
    expect(detectMediaType(binary, 'image/png', 'x.png').by).toBe('unknown');
  });

  it('passes through a declared type it cannot recognise, for the accepted list to decide', () => {
    const zip = bytes('PK\x03\x04', [0x14, 0, 6, 0]);
    expect(
      detectMediaType(zip, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx'),
    ).toEqual({ mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', by: 'declared' });
    expect(detectMediaType(zip, undefined, 'a.zip')).toEqual({ mediaType: 'application/octet-stream', by: 'unknown' });
  });

  it('recognises UTF-8 text, Khmer included, as plain text or CSV', () => {
    const khmer = Buffer.from('ខេត្ត,ស្រុក\nភ្នំពេញ,ចំការមន\r\n', 'utf8');
    expect(detectMediaType(khmer, 'text/plain', 'statement.txt')).toEqual({ mediaType: 'text/plain', by: 'content' });
    expect(detectMediaType(khmer, null, 'sheets.CSV')).toEqual({ mediaType: 'text/csv', by: 'content' });
    expect(detectMediaType(khmer, 'text/csv; charset=utf-8', 'upload').mediaType).toBe('text/csv');
    expect(detectMediaType(khmer, 'application/pdf', 'x.pdf').mediaType).toBe('text/plain');
    expect(detectMediaType(Buffer.from('\ufeffa\tb\n', 'utf8'), undefined, undefined).mediaType).toBe('text/plain');
  });

  it('accepts a character cut off by the end of the first bytes, but not broken UTF-8 or control characters', () => {
    const cut = Buffer.from('ភ្នំពេញ', 'utf8').subarray(0, 7); // the third character is cut after its first byte
    expect(detectMediaType(cut, null, 'a.txt').mediaType).toBe('text/plain');
    expect(detectMediaType(Buffer.from([0x61, 0xc3, 0x28]), null, 'a.txt').mediaType).toBe('application/octet-stream');
    expect(detectMediaType(Buffer.from('a\u0000b'), null, 'a.txt').mediaType).toBe('application/octet-stream');
    expect(detectMediaType(Buffer.from([0xff, 0xfe, 0x61, 0x00]), 'text/plain', 'utf16.txt').by).toBe('unknown');
  });

  it('does not mistake an AAC (ADTS) stream or a JPEG for an MP3 frame', () => {
    expect(detectMediaType(Buffer.from([0xff, 0xf1, 0x50, 0x80]), null, 'a.aac').mediaType).not.toBe('audio/mpeg');
    expect(detectMediaType(SAMPLES[1][1], null, 'a.mp3').mediaType).toBe('image/jpeg');
  });

  it('normalises declared types', () => {
    expect(normaliseMediaType(' Text/CSV; charset=UTF-8')).toBe('text/csv');
    expect(normaliseMediaType('pdf')).toBeNull();
    expect(normaliseMediaType(undefined)).toBeNull();
  });
});
