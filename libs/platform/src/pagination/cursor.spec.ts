import { Problem } from '../problems/problem';
import { decodeCursor, decodeInstantIdCursor, encodeCursor, isUuid, toPage } from './cursor';

describe('cursors', () => {
  it('round-trips a sort key', () => {
    expect(decodeCursor(encodeCursor(['sokha', 12]), 2)).toEqual(['sokha', 12]);
  });

  it.each(['', 'not-base64!', encodeCursor(['a']), Buffer.from('{"a":1}').toString('base64url')])(
    'refuses %p as a 400 naming the cursor',
    (cursor) => {
      expect.assertions(2);
      try {
        decodeCursor(cursor, 2);
      } catch (error) {
        expect(error).toBeInstanceOf(Problem);
        expect((error as Problem).errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      }
    },
  );

  it('a page says whether more rows follow', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toPage(rows, 2, (r) => [r.id]);
    expect(page.items).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(decodeCursor(page.nextCursor!, 1)).toEqual(['b']);
    expect(toPage(rows, 3, (r) => [r.id]).nextCursor).toBeNull();
  });
});

describe('decodeInstantIdCursor', () => {
  it('gives back the instant and the id of a cursor a list gave out', () => {
    const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    expect(decodeInstantIdCursor(encodeCursor(['2017-06-05T10:00:00.000000Z', id]))).toEqual([
      '2017-06-05T10:00:00.000000Z',
      id,
    ]);
  });

  it('refuses one whose id is no uuid or whose instant is no time, naming cursor', () => {
    for (const key of [
      ['2017-06-05T10:00:00Z', 'nope'],
      ['not a time', '3f2504e0-4f89-41d3-9a0c-0305e82c3301'],
    ]) {
      expect(() => decodeInstantIdCursor(encodeCursor(key))).toThrow(
        expect.objectContaining({ errors: [{ field: 'cursor', message: 'is not a cursor this list gave out' }] }),
      );
    }
  });
});

describe('isUuid', () => {
  it('accepts a uuid in either case and nothing else', () => {
    expect(isUuid('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe(true);
    expect(isUuid('3f2504e0-4f89-41d3-9a0c-0305e82c330')).toBe(false);
    expect(isUuid("3f2504e0-4f89-41d3-9a0c-0305e82c3301' OR 1=1")).toBe(false);
  });
});
