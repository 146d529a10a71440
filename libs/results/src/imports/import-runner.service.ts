import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { ElectionThresholds } from '@app/elections';
import { analyseHeader, HEAD_BYTES } from './import-header';
import { ImportFailure } from './import-failure';
import { ImportProgress, ProgressListener } from './import-progress';
import { ImportContext, KindImport, Sql } from './import-sql';
import { ImportStorage } from './import-storage';
import { ImportKind, ImportStatus } from './result-import.entity';
import { seatsImport } from './seats-import';
import { sheetsImport } from './sheets-import';
import { stationsImport } from './stations-import';
import { copyIntoStaging, NOT_AN_INTEGER } from './staging-copy';
import { IMPORT_COLUMNS } from './import-columns';

const KINDS: Record<ImportKind, KindImport> = { stations: stationsImport, seats: seatsImport, sheets: sheetsImport };
/**
 * What each kind of import fills, to ANALYZE. For sheets only the columns the reads' plans hinge on
 * (which election, source and current version, the station joins, certified recounts): the votes
 * and findings arrays took two thirds of a whole-table ANALYZE.
 */
const ANALYZED_TABLES: Record<ImportKind, string[]> = {
  stations: ['areas', 'polling_stations'],
  seats: ['areas'],
  sheets: ['result_sheets (election_id, source, is_current, station_id, certified_at)'],
};
/** Advisory-lock namespace serialising the imports of one election (key 2 is the election id). */
const ELECTION_LOCK = 4_810_004;

/** Another worker is running this import right now; the job is retried later. */
export class ImportBusy extends Error {
  override readonly name = 'ImportBusy';
}

interface ImportJobRow {
  status: ImportStatus;
  kind: ImportKind;
  source: string | null;
  stored_as: string;
  file_size: string;
  created_by: string | null;
  election_id: number;
  contest_level: 'commune' | 'province';
  thresholds: ElectionThresholds;
  party_codes: string[];
}

/**
 * Runs one import end to end: the file streams into a staging table with COPY, then rows are
 * validated and merged with set-based SQL, all in ONE transaction. A failure or a kill midway rolls
 * it all back, leaving only the report, which says why. The API's worker and the CLI both call this.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ImportStorage,
  ) {}

  /**
   * Returns the final status; throws (after marking the report failed) when a retry may help.
   * Aborting `signal` (the CLI does on SIGINT) cancels the running statement and rolls everything
   * back: the report fails, naming the signal's reason.
   */
  async run(importId: string, listener?: ProgressListener, signal?: AbortSignal): Promise<ImportStatus> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    const progress = new ImportProgress(this.dataSource, importId, listener);
    const interrupted = () =>
      new ImportFailure(`The import was interrupted (${String(signal?.reason ?? 'aborted')}); nothing was applied.`);
    const sql: Sql = (text, params) => {
      if (signal?.aborted) throw interrupted();
      return runner.query(text, params);
    };
    const backend = (client as PoolClient & { processID?: number }).processID;
    const cancel = () => {
      if (backend) void this.dataSource.query('SELECT pg_cancel_backend($1)', [backend]).catch(() => undefined);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      if (signal?.aborted) throw interrupted();
      await runner.startTransaction();
      // JIT compilation costs more than it saves on these one-off statements.
      await sql('SET LOCAL jit = off');
      await sql(`SET LOCAL work_mem = '64MB'`);
      const [claim] = await sql<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok', [
        importId,
      ]);
      if (!claim.ok) throw new ImportBusy(`Import ${importId} is being run by another process.`);
      const job = await this.load(sql, importId);
      if (!job) throw new ImportFailure('The import or its election no longer exists.');
      if (job.status === 'succeeded') {
        await runner.rollbackTransaction();
        return 'succeeded'; // a redelivered job: the work is done
      }
      await sql('SELECT pg_advisory_xact_lock($1, $2)', [ELECTION_LOCK, job.election_id]);
      await this.dataSource.query(
        `UPDATE result_imports SET status = 'running', progress = 0, started_at = clock_timestamp(), finished_at = NULL,
                failure = NULL WHERE id = $1`,
        [importId],
      );
      const changed = await this.apply(sql, client, importId, job, progress);
      // Fresh statistics commit with the rows: without them the planner takes the new tens of
      // thousands of rows for a handful and the whole-election reads crawl until autovacuum runs.
      if (changed > 0) await sql(`ANALYZE ${ANALYZED_TABLES[job.kind].join(', ')}`);
      await runner.commitTransaction();
      listener?.(1, 'done');
      return 'succeeded';
    } catch (caught) {
      await progress.settle();
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      if (caught instanceof ImportBusy) throw caught;
      const error = signal?.aborted && !(caught instanceof ImportFailure) ? interrupted() : caught;
      const failure =
        error instanceof ImportFailure
          ? error.message
          : `The import stopped before it finished (${(error as Error).message}); nothing was applied.`;
      if (!(error instanceof ImportFailure)) this.logger.warn(`Import ${importId} failed: ${(error as Error).message}`);
      await this.dataSource.query(
        `UPDATE result_imports SET status = 'failed', failure = $2, finished_at = now(),
                rows_accepted = 0, rows_rejected = 0, rows_changed = 0, errors = '[]'
          WHERE id = $1`,
        [importId, failure],
      );
      listener?.(1, 'done');
      if (error instanceof ImportFailure) return 'failed';
      throw error;
    } finally {
      signal?.removeEventListener('abort', cancel);
      await runner.release();
    }
  }

  private async apply(
    sql: Sql,
    client: PoolClient,
    importId: string,
    job: ImportJobRow,
    progress: ImportProgress,
  ): Promise<number> {
    const columns = analyseHeader(await this.storage.head(job.stored_as, HEAD_BYTES), job.kind, job.party_codes);
    const size = Math.max(Number(job.file_size), 1);
    const counts = [
      ...IMPORT_COLUMNS[job.kind].filter((c) => c.type === 'count').map((c) => columns.of(c.name)),
      ...columns.parties,
    ].filter((c): c is string => c !== undefined);
    const copy = (intColumns: string[]) => {
      progress.set(0, 'copying', true);
      return copyIntoStaging(client, this.storage.pathOf(job.stored_as), columns.width, intColumns, (bytes) =>
        progress.set((0.7 * bytes) / size, 'copying'),
      );
    };
    let typedCounts = true;
    await sql('SAVEPOINT typed_copy');
    let rowsTotal: number;
    try {
      rowsTotal = await copy(counts);
      await sql('RELEASE SAVEPOINT typed_copy');
    } catch (error) {
      if (!NOT_AN_INTEGER.includes((error as { code?: string }).code ?? '')) throw error;
      // A count cell is no integer: copy the file again as text, and check each cell.
      await sql('ROLLBACK TO SAVEPOINT typed_copy');
      typedCounts = false;
      rowsTotal = await copy([]);
    }
    if (rowsTotal === 0) throw new ImportFailure('The file has a header but no rows.');
    progress.rowsTotal(rowsTotal);
    progress.set(0.7, 'validating', true);

    const ctx: ImportContext = {
      importId,
      electionId: job.election_id,
      contestLevel: job.contest_level,
      thresholds: job.thresholds,
      partyCodes: job.party_codes,
      source: job.source,
      userId: job.created_by,
      columns,
      typedCounts,
    };
    const kind = KINDS[job.kind];
    await kind.validate(sql, ctx);
    // From here on import_rows holds the accepted rows only.
    const [{ rejected }] = await sql<{ rejected: number }>('SELECT count(*)::int AS rejected FROM import_errors');
    if (rejected > 0) await sql('DELETE FROM import_rows WHERE num_nonnulls(VARIADIC problems) > 0');
    progress.set(0.8, 'merging', true);
    const changed = await kind.merge(sql, ctx);
    await progress.settle();

    // The report commits with the rows it describes.
    await sql(
      `WITH rejected AS (SELECT count(DISTINCT line)::int AS n FROM import_errors)
       UPDATE result_imports
          SET status = 'succeeded', progress = 1, finished_at = clock_timestamp(), failure = NULL,
              rows_total = $2, rows_rejected = rejected.n, rows_accepted = $2 - rejected.n, rows_changed = $3,
              errors = (SELECT coalesce(jsonb_agg(jsonb_build_object('row', line, 'field', field, 'message', message)
                                                  ORDER BY line, ord), '[]')
                          FROM import_errors)
         FROM rejected WHERE id = $1`,
      [importId, rowsTotal, changed],
    );
    return changed;
  }

  private async load(sql: Sql, importId: string): Promise<ImportJobRow | undefined> {
    const [row] = await sql<ImportJobRow>(
      `SELECT i.status, i.kind, i.source, i.stored_as, i.file_size, i.created_by, i.election_id,
              e.contest_level, e.thresholds,
              coalesce((SELECT array_agg(p.code ORDER BY p.position) FROM parties p WHERE p.election_id = e.id),
                       '{}') AS party_codes
         FROM result_imports i JOIN elections e ON e.id = i.election_id
        WHERE i.id = $1`,
      [importId],
    );
    return row;
  }
}
