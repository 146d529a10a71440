import { currentOfficialCtes, QueryParams, sheetsAgree } from './current-sheets.sql';
import { COMPARED_FIGURES } from './sheet-figures';

describe('analysis SQL', () => {
  it('sheetsAgree compares every figure sheetDifferences lists, optional ones only when both are given', () => {
    const sql = sheetsAgree('o', 'x');
    for (const { column, optional } of COMPARED_FIGURES) {
      expect(sql).toContain(
        optional
          ? `o.${column} IS NULL OR x.${column} IS NULL OR o.${column} = x.${column}`
          : `o.${column} = x.${column}`,
      );
    }
    expect(sql).toContain('o.votes = x.votes');
  });

  it('the current official sheet ranks a certified recount over official_final over official_preliminary', () => {
    const sql = currentOfficialCtes('$1');
    expect(sql).toMatch(/source = 'recount' AND v\.certified_at IS NOT NULL/);
    expect(sql.indexOf("'official_final'")).toBeLessThan(sql.indexOf("'official_preliminary'"));
  });

  it('a station scope narrows every source the official sheet is chosen from', () => {
    expect(currentOfficialCtes('$1')).not.toContain('SELECT 7');
    // Current recounts, official_final, official_preliminary, and the finals that rule the latter out.
    expect(currentOfficialCtes('$1', 'SELECT 7').match(/station_id IN \(SELECT 7\)/g)).toHaveLength(4);
  });

  it('QueryParams numbers placeholders in the order values are added', () => {
    const p = new QueryParams();
    expect([p.add(4), p.add('observer'), p.add(['VOTES_SUM'])]).toEqual(['$1', '$2', '$3']);
    expect(p.values).toEqual([4, 'observer', ['VOTES_SUM']]);
  });
});
