import { Problem } from '../problems/problem';
import { decodeCursor, encodeCursor, toPage } from './cursor';

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
