import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `start`: the whole system in one command. Migrations have run already; this starts one api
 * and one worker as child processes and stops both when either stops or a signal arrives.
 */
export function startAll(log: (line: string) => void): Promise<number> {
  const children = ['api', 'worker'].map((role) => launch(role));
  return new Promise((resolve) => {
    let exiting = false;
    const stopAll = (code: number) => {
      if (exiting) return;
      exiting = true;
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      let left = children.filter((c) => c.exitCode === null).length;
      if (left === 0) resolve(code);
      for (const child of children) child.once('exit', () => --left === 0 && resolve(code));
    };
    for (const child of children) {
      child.once('exit', (code, signal) => {
        if (!exiting)
          log(`${String(child.spawnargs.at(-1))} stopped (${signal ?? `exit ${code}`}); stopping the rest.`);
        stopAll(code ?? 1);
      });
    }
    process.once('SIGINT', () => stopAll(0));
    process.once('SIGTERM', () => stopAll(0));
  });
}

/** Runs `apps/<role>/src/main` from the same tree as this file: compiled JS, or TS under ts-node. */
function launch(role: string): ChildProcess {
  const compiled = join(__dirname, '..', '..', '..', role, 'src', 'main.js');
  const args = existsSync(compiled)
    ? [compiled]
    : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', compiled.replace(/\.js$/, '.ts')];
  return spawn(process.execPath, args, { stdio: 'inherit', env: process.env });
}
