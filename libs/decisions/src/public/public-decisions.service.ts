import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Readable } from 'node:stream';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { decisionDeadline } from '@app/cases';
import type { DeadlinePolicy } from '@app/elections';
import { decodeCursor, etagOf, foreignCursor, Problem, toPage } from '@app/platform';
import { SourceComparisonService } from '@app/results';
import { PublicDecisionQuery } from '../dto/public-decision.query';
import { PublicDecisionPageDto, PublicStatsDto } from '../dto/public-decision.dto';
import { PublicSearchPool } from './public-search-pool';
import { publicSearchStatement, SUMMARY_COLUMNS, SummaryRow, summaryOf } from './public-search.sql';

/** A prepared public document: the JSON text served as is, and its strong ETag. */
export interface PreparedDocument {
  body: string;
  etag: string;
}

const CSV_ROW_COLUMNS = `r.id, r.reference, r.election_code, r.record->'case'->>'title' AS title, r.category, r.outcome,
  r.area_codes, r.published_at, r.record->'decision'->>'reasoning' AS reasoning,
  (SELECT string_agg(value, '; ') FROM jsonb_array_elements_text(r.record->'decision'->'legalBasis')) AS legal_basis,
  r.leaf_index`;
const DAY_MS = 24 * 60 * 60 * 1000;
const CSV_PAGE = 500;
const CSV_COLUMNS = [
  'reference',
  'election',
  'category',
  'outcome',
  'areas',
  'published_at',
  'title',
  'legal_basis',
  'reasoning',
  'leaf_index',
];

/**
 * The public record: search, the documents, the open-data downloads and the statistics. Only
 * public_records is read for decisions, and it holds nothing that is not public.
 */
@Injectable()
export class PublicDecisionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly comparisons: SourceComparisonService,
    private readonly searches: PublicSearchPool,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
  }

  /** TypeORM's own pg Pool, for the documents' one-row reads (see preparedDocument); searches have their own. */
  private readonly pool: Pool;

  async search(query: PublicDecisionQuery): Promise<PublicDecisionPageDto> {
    const after = query.cursor ? searchCursor(query.cursor) : undefined;
    const { text, values } = publicSearchStatement(query, SUMMARY_COLUMNS, query.limit + 1, after);
    const rows = await this.searches.query<SummaryRow>(text, values);
    const page = toPage(rows, query.limit, (r) => [new Date(r.published_at).toISOString(), r.id]);
    return { items: page.items.map(summaryOf), nextCursor: page.nextCursor };
  }

  /**
   * The prepared document of a published record, as stored (it never changes); null when there is no
   * such record or it is not yet in the log. One indexed read, nothing else: the fast path of the detail.
   * It reads straight from TypeORM's pg Pool, as a plain pg server would (it is never part of a
   * transaction): TypeORM's query runner (a runner object, pool listeners, subscriber broadcasts per
   * call) was most of the CPU time the fast path spent beyond a plain Fastify+pg server's.
   */
  async preparedDocument(kind: 'decision' | 'recount', reference: string): Promise<PreparedDocument | null> {
    const { rows } = await this.pool.query<{ document: string; etag: string | null }>(
      `SELECT document, etag FROM public_records WHERE kind = $1 AND reference = $2 AND document IS NOT NULL`,
      [kind, kind === 'decision' ? reference.toUpperCase() : reference],
    );
    const row = rows[0];
    return row ? { body: row.document, etag: row.etag ?? etagOf(row.document) } : null;
  }

  /** The prepared document of a published record, served as stored: it never changes. */
  async document(kind: 'decision' | 'recount', reference: string): Promise<PreparedDocument> {
    const [row]: { document: string | null; etag: string | null; record: Record<string, unknown> }[] =
      await this.txHost.tx.query(
        `SELECT document, etag, CASE WHEN document IS NULL THEN record END AS record
           FROM public_records WHERE kind = $1 AND reference = $2`,
        [kind, kind === 'decision' ? reference.toUpperCase() : reference],
      );
    if (!row) throw Problem.notFound(`There is no published ${kind} ${reference}.`);
    if (row.document !== null) return { body: row.document, etag: row.etag ?? etagOf(row.document) };
    // Published a moment ago and not yet in the log: served without a leaf index until it is.
    const body = JSON.stringify({ ...row.record, transparency: { leafIndex: null } });
    return { body, etag: etagOf(body) };
  }

  /** decisions.csv, streamed a page at a time so that no download is held whole in memory. */
  csv(query: PublicDecisionQuery): Readable {
    return Readable.from(this.csvChunks(query));
  }

  private async *csvChunks(query: PublicDecisionQuery): AsyncGenerator<string> {
    yield `${CSV_COLUMNS.join(',')}\n`;
    let cursor: [string, string] | undefined;
    for (;;) {
      const { text, values } = publicSearchStatement(query, CSV_ROW_COLUMNS, CSV_PAGE, cursor);
      const rows = await this.searches.query<SummaryRow & { legal_basis: string | null; reasoning: string }>(
        text,
        values,
      );
      if (rows.length === 0) return;
      yield rows
        .map((r) =>
          [
            r.reference,
            r.election_code,
            r.category,
            r.outcome,
            r.area_codes.join(' '),
            new Date(r.published_at).toISOString(),
            r.title ?? '',
            r.legal_basis ?? '',
            r.reasoning,
            r.leaf_index ?? '',
          ]
            .map(csvField)
            .join(','),
        )
        .join('\n')
        .concat('\n');
      if (rows.length < CSV_PAGE) return;
      const last = rows[rows.length - 1];
      cursor = [new Date(last.published_at).toISOString(), last.id];
    }
  }

  /** The newest decisions as an Atom feed (RFC 4287). */
  async atom(baseUrl: string, query: PublicDecisionQuery): Promise<string> {
    const page = await this.search({ ...query, limit: 50, cursor: undefined } as PublicDecisionQuery);
    const updated = page.items[0]?.publishedAt ?? new Date(0).toISOString();
    const entries = page.items.map(
      (d) => `  <entry>
    <id>${xml(`${baseUrl}/api/v1/public/decisions/${d.reference}`)}</id>
    <title>${xml(`${d.reference}: ${d.outcome.replace(/_/g, ' ')}${d.title ? ` — ${d.title}` : ''}`)}</title>
    <updated>${d.publishedAt}</updated>
    <published>${d.publishedAt}</published>
    <link rel="alternate" type="application/json" href="${xml(`${baseUrl}/api/v1/public/decisions/${d.reference}`)}"/>
    <category term="${xml(d.category)}"/>
    <summary>${xml(d.excerpt)}</summary>
  </entry>`,
    );
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(`${baseUrl}/api/v1/public/feed.atom`)}</id>
  <title>Recourse: published decisions</title>
  <updated>${updated}</updated>
  <author><name>Recourse</name></author>
  <link rel="self" type="application/atom+xml" href="${xml(`${baseUrl}/api/v1/public/feed.atom`)}"/>
${entries.join('\n')}
</feed>
`;
  }

  async stats(electionCode: string | undefined): Promise<PublicStatsDto> {
    const values: unknown[] = [];
    let election: { id: number; deadline_policy: DeadlinePolicy } | undefined;
    if (electionCode) {
      [election] = await this.txHost.tx.query(`SELECT id, deadline_policy FROM elections WHERE code = $1`, [
        electionCode,
      ]);
      if (!election) throw Problem.notFound(`There is no election ${electionCode}.`);
      values.push(election.id);
    }
    const scope = election ? `c.election_id = $1 AND` : '';
    const counts = async (column: string) => {
      const rows: { key: string; n: number }[] = await this.txHost.tx.query(
        `SELECT ${column} AS key, count(*)::int AS n FROM cases c WHERE ${scope} c.state <> 'draft' GROUP BY 1 ORDER BY 1`,
        values,
      );
      return Object.fromEntries(rows.filter((r) => r.key !== null).map((r) => [r.key, r.n]));
    };
    const outcomes: { key: string; n: number }[] = await this.txHost.tx.query(
      `SELECT r.outcome AS key, count(*)::int AS n FROM public_records r
        WHERE ${election ? 'r.election_id = $1 AND' : ''} r.kind = 'decision' GROUP BY 1 ORDER BY 1`,
      values,
    );
    const decided: {
      state: string;
      filed_at: Date | null;
      registered_at: Date | null;
      information_requested_at: Date | null;
      published_at: Date | null;
      decided_at: Date;
      pauses: { from: string; to: string | null }[];
      deadline_policy: DeadlinePolicy;
    }[] = await this.txHost.tx.query(
      `SELECT c.state, c.filed_at, c.registered_at, c.information_requested_at, c.published_at, c.decided_at, c.pauses,
              e.deadline_policy
         FROM cases c JOIN elections e ON e.id = c.election_id
        WHERE ${scope} c.decided_at IS NOT NULL AND c.registered_at IS NOT NULL`,
      values,
    );
    const days: number[] = [];
    let withinDeadline = 0;
    for (const c of decided) {
      const paused = c.pauses.reduce(
        (ms, p) => ms + ((p.to ? Date.parse(p.to) : Date.parse(p.from)) - Date.parse(p.from)),
        0,
      );
      days.push((c.decided_at.getTime() - c.registered_at!.getTime() - paused) / DAY_MS);
      const deadline = decisionDeadline(
        {
          state: c.state as never,
          filedAt: c.filed_at,
          registeredAt: c.registered_at,
          informationRequestedAt: c.information_requested_at,
          publishedAt: c.published_at,
          pauses: c.pauses,
        },
        c.deadline_policy,
      );
      if (deadline && !deadline.paused && c.decided_at.getTime() <= deadline.dueAt.getTime()) withinDeadline++;
    }
    const [recounts]: { ordered: number; certified: number; cancelled: number; votes_changed: number }[] =
      await this.txHost.tx.query(
        `SELECT count(*)::int AS ordered,
                (count(*) FILTER (WHERE r.state = 'certified'))::int AS certified,
                (count(*) FILTER (WHERE r.state = 'cancelled'))::int AS cancelled,
                coalesce(sum((SELECT sum(abs(a - b)) FROM unnest(n.votes, o.votes) AS t(a, b)))
                  FILTER (WHERE r.state = 'certified'), 0)::int AS votes_changed
           FROM recounts r JOIN cases c ON c.id = r.case_id
           LEFT JOIN result_sheets n ON n.id = r.sheet_id
           LEFT JOIN result_sheets o ON o.id = r.replaced_sheet_id
          WHERE ${scope} true`,
        values,
      );
    return {
      election: electionCode ?? null,
      byState: await counts('c.state'),
      byCategory: await counts('c.category'),
      byArea: await counts('unnest(c.province_codes)'),
      byOutcome: Object.fromEntries(outcomes.map((o) => [o.key, o.n])),
      medianDaysToDecision: median(days),
      decidedWithinDeadline: decided.length > 0 ? withinDeadline / decided.length : null,
      matchRate: electionCode ? await this.matchRate(electionCode) : null,
      recounts: {
        ordered: recounts.ordered,
        certified: recounts.certified,
        cancelled: recounts.cancelled,
        votesChanged: recounts.votes_changed,
      },
    };
  }

  private async matchRate(electionCode: string): Promise<PublicStatsDto['matchRate']> {
    const rate = await this.comparisons.matchRate(electionCode, { source: 'observer' } as never);
    return {
      source: rate.source,
      stationsCompared: rate.stationsCompared,
      stationsMatching: rate.stationsMatching,
      rate: rate.rate,
    };
  }
}

/** A search page's cursor: the last record's `[published_at, id]` (a bigint); anything else names `cursor`. */
function searchCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2).map(String);
  if (!/^\d{1,19}$/.test(id) || Number.isNaN(Date.parse(at))) throw foreignCursor();
  return [at, id];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.round(m * 100) / 100;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
