import { ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { processCpuSeconds } from './cpu';

const TAIL_BYTES = 8_192;
const STOP_GRACE_MS = 5_000;

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A child process whose output is kept (last few KiB) rather than printed: it must not compete for the CPU. */
export class Child {
  readonly exited: Promise<void>;
  private readonly proc: ChildProcess;
  private output = '';

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: SpawnOptions,
  ) {
    this.proc = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.proc.once('error', (error) => {
        keep(Buffer.from(`spawn failed: ${error.message}\n`));
        resolve();
      });
      this.proc.once('close', () => resolve());
    });
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null && this.proc.pid !== undefined;
  }

  get exitCode(): number | null {
    return this.proc.exitCode;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  cpuSeconds(): number | undefined {
    return processCpuSeconds(this.proc.pid);
  }

  tail(): string {
    return this.output.trim() || '(no output)';
  }

  /** SIGTERM (Nest closes its pools), then SIGKILL if it lingers. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.proc.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
    if (!stopped) {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** Runs a command to completion; fails with its output when it exits non-zero or overruns. */
export async function runCommand(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { timeoutMs: number },
): Promise<string> {
  const child = new Child(name, command, args, options);
  const finished = await Promise.race([child.exited.then(() => true), sleep(options.timeoutMs).then(() => false)]);
  if (!finished) {
    await child.stop();
    throw new Error(`${name} did not finish within ${options.timeoutMs / 1000} s:\n${child.tail()}`);
  }
  if (child.exitCode !== 0) throw new Error(`${name} failed (exit ${child.exitCode}):\n${child.tail()}`);
  return child.tail();
}

/** A port the OS just handed out on 127.0.0.1; the child binds it a moment later. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Polls until `ready` says yes; stops early, with the child's output, if the child dies. */
export async function waitUntil(
  child: Child,
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.running)
      throw new Error(`${child.name} exited (code ${child.exitCode}) before ${what}:\n${child.tail()}`);
    if (await ready().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${child.name}: no ${what} within ${timeoutMs / 1000} s:\n${child.tail()}`);
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return response.ok;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
