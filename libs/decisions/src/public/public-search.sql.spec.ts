import { publicSearchStatement, RECENT_WALK, SUMMARY_COLUMNS } from './public-search.sql';

const squash = (sql: string) => sql.replace(/\s+/g, ' ');

describe('publicSearchStatement', () => {
  it('finds words among the newest records first, else by a UNION of the full-text and trigram lookups, each with every filter', () => {
    const { text, values } = publicSearchStatement(
      { q: 'Battambang 10%', outcome: 'upheld', area: '02' },
      SUMMARY_COLUMNS,
      21,
    );
    const sql = squash(text);
    const filters = `r.kind = 'decision' AND r.area_codes @> ARRAY[$1]::text[] AND r.outcome = $2`;
    const [recent, lookedUp] = sql.split(' UNION ALL ');
    expect(recent).toContain(`WHERE ${filters} ORDER BY r.published_at DESC, r.id DESC LIMIT ${RECENT_WALK}) m`);
    expect(recent).toContain(`WHERE m.search @@ websearch_to_tsquery('english', $3) OR m.search_text ILIKE $4`);
    expect(recent).toContain('SELECT * FROM recent WHERE (SELECT count(*) FROM recent) = $5');
    const [fullText, substring] = lookedUp.split(' UNION ');
    expect(fullText).toContain(`WHERE ${filters} AND r.search @@ websearch_to_tsquery('english', $3)`);
    expect(substring).toContain(`WHERE ${filters} AND r.search_text ILIKE $4`);
    expect(lookedUp).toContain('WHERE (SELECT count(*) FROM recent) < $5');
    expect(values).toEqual(['02', 'upheld', 'Battambang 10%', '%Battambang 10\\%%', 21]);
  });

  it('cuts the page from the ids before reading its columns, newest first', () => {
    const sql = squash(publicSearchStatement({ q: 'x' }, SUMMARY_COLUMNS, 21).text);
    expect(sql).toMatch(/ORDER BY m\.published_at DESC, m\.id DESC LIMIT \$3\) looked_up/);
    expect(sql).toMatch(
      /FROM page JOIN public_records r ON r\.id = page\.id ORDER BY page\.published_at DESC, page\.id DESC$/,
    );
  });

  it('without words, filters the newest records only, and continues after a cursor', () => {
    const { text, values } = publicSearchStatement({ election: 'KH-2017-CC' }, 'r.id', 50, [
      '2017-06-10T00:00:00.000Z',
      '42',
    ]);
    const sql = squash(text);
    expect(sql).not.toContain('UNION');
    expect(sql).toContain(
      `WHERE r.kind = 'decision' AND r.election_code = $1 AND (r.published_at, r.id) < ($2::timestamptz, $3::bigint)`,
    );
    expect(values).toEqual(['KH-2017-CC', '2017-06-10T00:00:00.000Z', '42', 50]);
  });
});
