import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { VerifierState, verifyLog } from '@app/transparency';
import { CliError } from '../cli-error';

export interface LogVerifyOptions {
  url?: string;
  state?: string;
  'skip-records'?: boolean;
}

/**
 * `log:verify --url URL [--state FILE] [--skip-records]`: verifies a Recourse transparency log over
 * HTTP, as anyone can (libs/transparency/README.md). Exit 0 with a summary when everything holds,
 * 1 naming what was altered or removed. With --state, the last verified checkpoint is read from FILE
 * (consistency is checked against it) and FILE is rewritten after a successful run.
 */
export async function logVerify(options: LogVerifyOptions, log: (line: string) => void): Promise<number> {
  if (!options.url) throw new CliError('log:verify needs --url, the address of a Recourse API.');
  if (!/^https?:\/\/\S+$/.test(options.url)) throw new CliError(`--url must be an http(s) URL (got "${options.url}").`);
  const state = options.state ? readState(options.state) : null;
  const report = await verifyLog({
    baseUrl: options.url,
    state,
    ...(options['skip-records'] ? { checkLeaf: null } : {}),
    onProgress: (line) => process.stderr.write(`log:verify ${line}\n`),
  }).catch((error: unknown) => {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new CliError(`Cannot verify ${options.url}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
  });
  const what = `${report.origin ?? options.url}: ${report.treeSize} entries, root ${report.rootHash ?? '?'}`;
  if (report.ok) {
    const records =
      report.recordsChecked > 0 ? `, ${report.recordsChecked} leaves checked against their public records` : '';
    const since = state ? `, consistent with the saved checkpoint of ${state.treeSize}` : '';
    log(`Verified ${what}: signature valid, every leaf hashes to the signed root${since}${records}.`);
    if (options.state && report.state) writeState(options.state, report.state);
    return 0;
  }
  log(`FAILED ${what}: ${report.problems.length} problem(s):`);
  for (const problem of report.problems) log(`  ${problem.message}`);
  return 1;
}

function readState(path: string): VerifierState | null {
  if (!existsSync(path)) return null;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as VerifierState;
    if (
      typeof state.treeSize !== 'number' ||
      typeof state.rootHash !== 'string' ||
      typeof state.publicKey !== 'string'
    ) {
      throw new Error('not a log:verify state');
    }
    return state;
  } catch (error) {
    throw new CliError(`--state ${path} cannot be read: ${(error as Error).message}`);
  }
}

/** Written beside and renamed, so that a crash never leaves half a state file. */
function writeState(path: string, state: VerifierState): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, path);
}
