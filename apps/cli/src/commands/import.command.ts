import { statSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { Problem } from '@app/platform';
import { IMPORT_KINDS, ImportDto, ImportPhase, ImportRunner, ImportsService } from '@app/results';
import { CliError } from '../cli-error';
import { CliResultsModule } from '../cli-results.module';

export interface ImportOptions {
  election?: string;
  kind?: string;
  source?: string;
  file?: string;
}

/**
 * `import`: the same pipeline as an upload (same checks, same report), run here rather than by a
 * worker. Progress goes to stderr, the report to stdout. Returns 0 when the import succeeded, 1 when
 * it failed, 130 when SIGINT or SIGTERM interrupted it (rolled back, its report failed); usage errors
 * (exit 2) are thrown as CliError before anything is stored.
 */
export async function importFile(
  options: ImportOptions,
  log: (line: string) => void,
  prepareDatabase: () => Promise<void>,
): Promise<number> {
  if (!options.election) throw new CliError('--election CODE is required.');
  if (!options.kind || !(IMPORT_KINDS as readonly string[]).includes(options.kind)) {
    throw new CliError(`--kind must be one of: ${IMPORT_KINDS.join(', ')}.`);
  }
  if (!options.file) throw new CliError('Name the file to import: import --election CODE --kind KIND FILE.');
  if (!statSync(options.file, { throwIfNoEntry: false })?.isFile()) throw new CliError(`No file ${options.file}.`);
  await prepareDatabase();

  const app = await NestFactory.createApplicationContext(CliResultsModule, { logger: ['error'] });
  // Ctrl-C (or a TERM from a supervisor) rolls the import back and fails its report, naming the signal.
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => interrupt.abort(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const fields = { kind: options.kind, ...(options.source !== undefined ? { source: options.source } : {}) };
    const id = await app
      .get(ImportsService)
      .acceptLocalFile(options.election, fields, options.file)
      .catch((error: unknown) => {
        if (!(error instanceof Problem)) throw error;
        const details = error.errors?.map((e) => `--${e.field} ${e.message}`).join('; ');
        throw new CliError(details || error.message);
      });
    const started = Date.now();
    const bar = progressBar();
    // An unexpected error has already been written to the report as its failure; print that.
    await app
      .get(ImportRunner)
      .run(id, bar, interrupt.signal)
      .catch(() => undefined);
    const report = (await app.get(ImportsService).report(id)) as ImportDto;
    printReport(report, (Date.now() - started) / 1000, log);
    if (interrupt.signal.aborted && report.status !== 'succeeded') return 130;
    return report.status === 'succeeded' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await app.close();
  }
}

/** A bar on a terminal; elsewhere (CI, pipes) a line per phase and per 10%. */
function progressBar(): (progress: number, phase: ImportPhase) => void {
  const tty = process.stderr.isTTY;
  let lastLine = '';
  return (progress, phase) => {
    const percent = Math.floor(Math.min(progress, 1) * 100);
    if (tty) {
      const filled = Math.round(percent / 2.5);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(40 - filled)}] ${String(percent).padStart(3)}% ${phase.padEnd(10)}`,
      );
      if (phase === 'done') process.stderr.write('\n');
      return;
    }
    const line = `${phase} ${Math.floor(percent / 10) * 10}%`;
    if (line !== lastLine) process.stderr.write(`import: ${line}\n`);
    lastLine = line;
  };
}

function printReport(report: ImportDto, seconds: number, log: (line: string) => void): void {
  log(
    `Import ${report.id} (${report.kind}${report.source ? `, ${report.source}` : ''}): ${report.status} in ${seconds.toFixed(1)} s`,
  );
  if (report.failure) log(`  ${report.failure}`);
  if (report.status !== 'succeeded') return;
  const rate = report.rowsTotal ? ` (${Math.round(report.rowsTotal / Math.max(seconds, 0.001))} rows/s)` : '';
  log(
    `  rows: ${report.rowsTotal} read${rate}, ${report.rowsAccepted} accepted, ${report.rowsRejected} rejected, ` +
      `${report.rowsChanged} changed`,
  );
  if (report.errors.length > 0) log('Rejected rows:');
  for (const error of report.errors)
    log(`  line ${error.row}${error.field ? `, ${error.field}` : ''}: ${error.message}`);
}
