import { DataSource } from 'typeorm';

const INTERVAL_MS = 250;

/** Listens to an import as it runs (the CLI draws its progress bar from this). */
export type ProgressListener = (progress: number, phase: ImportPhase) => void;
export type ImportPhase = 'copying' | 'validating' | 'merging' | 'done';

/**
 * Writes an import's progress while its transaction runs, on another connection and outside that
 * transaction, so that clients polling the report see it move. Writes are throttled, and `settle()`
 * waits for the last one: the transaction's final update of the same row must not wait on it.
 */
export class ImportProgress {
  private lastWrite = 0;
  private writing: Promise<void> = Promise.resolve();
  private settled = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly importId: string,
    private readonly listener?: ProgressListener,
  ) {}

  set(progress: number, phase: ImportPhase, force = false): void {
    this.listener?.(progress, phase);
    const now = Date.now();
    if (this.settled || (!force && now - this.lastWrite < INTERVAL_MS)) return;
    this.lastWrite = now;
    this.writing = this.writing.then(() =>
      this.write('UPDATE result_imports SET progress = $2 WHERE id = $1 AND status = $3', [
        this.importId,
        Math.min(progress, 1),
        'running',
      ]),
    );
  }

  rowsTotal(rows: number): void {
    if (this.settled) return;
    this.writing = this.writing.then(() =>
      this.write('UPDATE result_imports SET rows_total = $2 WHERE id = $1', [this.importId, rows]),
    );
  }

  async settle(): Promise<void> {
    this.settled = true;
    await this.writing;
  }

  /** Progress is a courtesy: a failed write must never fail the import. */
  private async write(sql: string, params: unknown[]): Promise<void> {
    await this.dataSource.query(sql, params).catch(() => undefined);
  }
}
