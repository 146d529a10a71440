import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './processes';

const OUTPUTS = ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js', 'dist/apps/cli/src/main.js'];
const SOURCE_DIRS = ['apps', 'libs'];
const BUILD_INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package.json'];
const BUILD_TIMEOUT_MS = 180_000;

/** Benchmarks run the compiled app, as production does; rebuild only when a source is newer than dist. */
export async function ensureBuilt(root: string, log: (line: string) => void): Promise<void> {
  const builtAt = Math.min(...OUTPUTS.map((file) => mtimeOf(join(root, file))));
  const newest = newestInput(root);
  if (builtAt > newest.mtime) return;
  log(
    builtAt === 0
      ? 'dist is missing: building (npx nest build)'
      : `dist is older than ${newest.path}: rebuilding (npx nest build)`,
  );
  const started = Date.now();
  await runCommand('nest build', 'npx', ['nest', 'build'], {
    cwd: root,
    env: process.env,
    timeoutMs: BUILD_TIMEOUT_MS,
  });
  const missing = OUTPUTS.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) throw new Error(`nest build succeeded but ${missing.join(', ')} is missing`);
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function newestInput(root: string): { path: string; mtime: number } {
  let newest = { path: '', mtime: 0 };
  const consider = (path: string) => {
    const mtime = mtimeOf(join(root, path));
    if (mtime > newest.mtime) newest = { path, mtime };
  };
  BUILD_INPUTS.forEach(consider);
  for (const dir of SOURCE_DIRS) {
    for (const file of readdirSync(join(root, dir), { recursive: true }) as string[]) {
      // Spec files are excluded from the build (tsconfig.build.json), so they never make dist stale.
      if (file.endsWith('.ts') && !file.endsWith('.spec.ts')) consider(join(dir, file));
    }
  }
  return newest;
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
