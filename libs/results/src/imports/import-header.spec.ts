import { binaryFormatOf, firstInvalidUtf8 } from './file-sniffer';
import { analyseHeader } from './import-header';

const PARTIES = ['CPP', 'CNRP'];
const head = (text: string) => Buffer.from(text, 'utf8');

describe('analyseHeader', () => {
  it('maps known columns in any order and case, and parties in ballot order, to staging columns', () => {
    const map = analyseHeader(
      head('CNRP,Station_Code,registered_voters,ballots_cast,invalid_ballots,valid_ballots,cpp\n1,2\n'),
      'sheets',
      PARTIES,
    );
    expect(map.width).toBe(7);
    expect(map.of('station_code')).toBe('c2');
    expect(map.of('ballots_received')).toBeUndefined();
    expect(map.parties).toEqual(['c7', 'c1']);
  });

  it('skips a UTF-8 byte order mark and ignores unknown columns except in sheets', () => {
    const map = analyseHeader(head('\ufeffarea_code,seats,remark\r\n010101,5\r\n'), 'seats', PARTIES);
    expect([map.of('area_code'), map.of('seats'), map.width]).toEqual(['c1', 'c2', 3]);
    expect(() =>
      analyseHeader(
        head('station_code,registered_voters,ballots_cast,invalid_ballots,valid_ballots,CPP,CNRP,SRP\n'),
        'sheets',
        PARTIES,
      ),
    ).toThrow('Unknown column "SRP": the election has no such party (its parties: CPP, CNRP).');
  });

  it.each([
    ['', 'The file is empty.'],
    ['\n1,2\n', 'The first line is empty: the file must start with its header.'],
    ['area_code\n', 'Missing required column: seats.'],
    ['area_code,seats,SEATS\n', 'The column "seats" appears twice in the header.'],
    ['"area_code,seats\n', 'The header is not valid CSV:'],
    ['area_code;seats\n', 'The columns are separated by ";"; an import file separates them by commas.'],
    ['area_code\tseats\n', 'The columns are separated by tabs; an import file separates them by commas.'],
  ])('refuses %j', (text, message) => {
    expect(() => analyseHeader(head(text), 'seats', PARTIES)).toThrow(message);
  });

  it('names the line of the first byte that is not UTF-8', () => {
    expect(() =>
      analyseHeader(Buffer.from('area_code,seats\nPhnom Penh,1\nKampong Cham café,2\n', 'latin1'), 'seats', []),
    ).toThrow('The file is not valid UTF-8: line 3 has the byte 0xE9.');
  });
});

describe('file sniffing', () => {
  it('recognises formats uploaded by mistake', () => {
    expect(binaryFormatOf(Buffer.from('%PDF-1.7'))).toMatch(/PDF document/);
    expect(binaryFormatOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toMatch(/JPEG image/);
    expect(binaryFormatOf(Buffer.from('a,b\n1,\u0000'))).toMatch(/NUL bytes/);
    expect(binaryFormatOf(Buffer.from('station_code,ស្ថានីយ\n'))).toBeNull();
  });

  it('finds invalid UTF-8, but not a sequence cut by the end of the buffer', () => {
    const khmer = Buffer.from('ក', 'utf8'); // three bytes
    expect(firstInvalidUtf8(Buffer.concat([Buffer.from('ab'), khmer]))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.concat([Buffer.from('ab'), khmer.subarray(0, 2)]))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a surrogate
    expect(firstInvalidUtf8(Buffer.from([0xe2, 0x28, 0xa1]))).toBe(0);
  });
});
