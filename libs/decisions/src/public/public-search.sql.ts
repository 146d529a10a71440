import { containsPattern } from '@app/platform/database/sql-text';
import type { PublicDecisionSummaryDto } from '../dto/public-decision.dto';

/** What the public may search and filter published decisions by (PublicDecisionQuery's filters). */
export interface PublicSearchFilters {
  q?: string;
  election?: string;
  area?: string;
  category?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

/** A search result's columns (PublicDecisionSummaryDto's, as SQL over a public_records row `r`). */
export const SUMMARY_COLUMNS = `r.id, r.reference, r.election_code, r.record->'case'->>'title' AS title, r.category, r.outcome,
  r.area_codes, r.published_at, left(r.record->'decision'->>'reasoning', 240) AS excerpt, r.leaf_index`;

/** A row of SUMMARY_COLUMNS. */
export interface SummaryRow {
  id: string;
  reference: string;
  election_code: string;
  title: string | null;
  category: string;
  outcome: string;
  area_codes: string[];
  published_at: Date;
  excerpt: string;
  leaf_index: string | null;
}

/** A search result as the API answers it (the raw baseline of the bench answers the same). */
export function summaryOf(r: SummaryRow): PublicDecisionSummaryDto {
  return {
    reference: r.reference,
    electionCode: r.election_code,
    title: r.title,
    category: r.category,
    outcome: r.outcome,
    areaCodes: r.area_codes,
    publishedAt: new Date(r.published_at).toISOString(),
    excerpt: r.excerpt,
    leafIndex: r.leaf_index === null ? null : Number(r.leaf_index),
  };
}

/** One page of the public search, as SQL: its text and values. */
export interface PublicSearchStatement {
  text: string;
  values: unknown[];
}

/**
 * How many of the newest records (after the cursor) a search tests row by row before it asks the
 * indexes: a word found in most records fills its page there in a few milliseconds, where the index
 * lookups would fetch and sort every match (a second at 100,000 records). A rarer word costs this
 * walk (about 13 ms for 500 records of 5 KB) on top of the lookups, which are fast for it.
 */
export const RECENT_WALK = 500;

/**
 * The statement of one page of published decisions, newest first, keyset-paged by
 * `(published_at, id)` after `after`: `columns` (over `r`, a public_records row) of at most `limit` rows.
 *
 * Words are matched two ways, full text (English, stemmed) and substring (Khmer has no spaces between
 * words), and each has its GIN index. `search @@ … OR search_text ILIKE …` would let PostgreSQL use
 * neither: it walks the published_at index testing both conditions row by row (the whole table for a
 * rare word). So a search first tests the newest RECENT_WALK records row by row: if `limit` of them
 * match, they are the page (no older record can come before them). Otherwise the page's ids come from
 * a UNION of the two index lookups, cut from their `(published_at, id)` alone. Either way only the
 * page's rows are read for `columns` (the record's JSON is detoasted for `limit` rows, not for every
 * match). Also used by the raw baseline of `npm run bench -- public`.
 */
export function publicSearchStatement(
  filters: PublicSearchFilters,
  columns: string,
  limit: number,
  after?: readonly [string, string],
): PublicSearchStatement {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = [`r.kind = 'decision'`];
  if (filters.election) where.push(`r.election_code = ${param(filters.election)}`);
  if (filters.area) where.push(`r.area_codes @> ARRAY[${param(filters.area)}]::text[]`);
  if (filters.category) where.push(`r.category = ${param(filters.category)}`);
  if (filters.outcome) where.push(`r.outcome = ${param(filters.outcome)}`);
  if (filters.from) where.push(`r.published_at >= ${param(filters.from)}::timestamptz`);
  if (filters.to) where.push(`r.published_at < ${param(filters.to)}::timestamptz`);
  if (after) where.push(`(r.published_at, r.id) < (${param(after[0])}::timestamptz, ${param(after[1])}::bigint)`);
  const filtered = where.join(' AND ');
  const read = `SELECT ${columns} FROM page JOIN public_records r ON r.id = page.id
     ORDER BY page.published_at DESC, page.id DESC`;
  if (!filters.q) {
    const text = `WITH page AS (
      SELECT m.id, m.published_at FROM (SELECT r.id, r.published_at FROM public_records r WHERE ${filtered}) m
       ORDER BY m.published_at DESC, m.id DESC LIMIT ${param(limit)}
    )
    ${read}`;
    return { text, values };
  }
  const fullText = `websearch_to_tsquery('english', ${param(filters.q)})`;
  const substring = param(containsPattern(filters.q));
  const size = param(limit);
  const text = `WITH recent AS MATERIALIZED (
      SELECT m.id, m.published_at FROM (
        SELECT r.id, r.published_at, r.search, r.search_text FROM public_records r WHERE ${filtered}
         ORDER BY r.published_at DESC, r.id DESC LIMIT ${RECENT_WALK}) m
       WHERE m.search @@ ${fullText} OR m.search_text ILIKE ${substring}
       ORDER BY m.published_at DESC, m.id DESC LIMIT ${size}
    ),
    page AS (
      SELECT * FROM recent WHERE (SELECT count(*) FROM recent) = ${size}
      UNION ALL
      SELECT * FROM (
        SELECT m.id, m.published_at FROM (
          SELECT r.id, r.published_at FROM public_records r WHERE ${filtered} AND r.search @@ ${fullText}
          UNION
          SELECT r.id, r.published_at FROM public_records r WHERE ${filtered} AND r.search_text ILIKE ${substring}) m
         ORDER BY m.published_at DESC, m.id DESC LIMIT ${size}) looked_up
       WHERE (SELECT count(*) FROM recent) < ${size}
    )
    ${read}`;
  return { text, values };
}
