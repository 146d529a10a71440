import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How often the worker looks for dead CLI imports. */
export const SWEEP_EVERY_MS = 30_000;
/** A CLI import still `queued` this long after its row was written has lost its process (it starts at once). */
export const QUEUED_GRACE_SECONDS = 60;

/**
 * Fails CLI imports whose process died (killed, machine lost) after writing their report row, which
 * would otherwise stay `queued` or `running` forever. A live run holds its import's advisory lock
 * (ImportRunner takes it in its transaction, and PostgreSQL drops it with the connection), so a
 * `running` CLI import whose lock can be taken is dead; a `queued` one is dead once the grace period
 * has passed and nothing holds its lock. Worker imports are left to BullMQ, which redelivers a
 * stalled job to another worker.
 */
@Injectable()
export class ImportSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((error: Error) => this.logger.warn(`Import sweep failed: ${error.message}`));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Fails the dead CLI imports now; returns their ids. */
  async sweep(): Promise<string[]> {
    // The try-lock runs only on the candidates, and its lock ends with this statement.
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH candidates AS MATERIALIZED (
         SELECT id FROM result_imports
          WHERE runner = 'cli' AND status IN ('queued', 'running')
            AND (status = 'running' OR created_at < now() - make_interval(secs => $1))
       ),
       swept AS (
       UPDATE result_imports i
          SET status = 'failed', finished_at = now(), rows_accepted = 0, rows_rejected = 0, rows_changed = 0,
              errors = '[]',
              failure = 'The command-line import stopped before it finished (its process ended); nothing was applied.'
         FROM candidates c
        WHERE i.id = c.id AND i.status IN ('queued', 'running')
          AND pg_try_advisory_xact_lock(hashtextextended(i.id::text, 0))
       RETURNING i.id)
       SELECT id FROM swept ORDER BY id`,
      [QUEUED_GRACE_SECONDS],
    );
    for (const { id } of rows) this.logger.warn(`Import ${id} failed: its command-line process ended midway.`);
    return rows.map((r) => r.id);
  }
}
