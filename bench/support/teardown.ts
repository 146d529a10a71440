/**
 * Clean-up that must happen even when a benchmark fails or is interrupted: steps run last-added
 * first (children before the database they use), each bounded, one failing step not stopping the rest.
 */
const STEP_TIMEOUT_MS = 15_000;
const active = new Set<Teardown>();

export class Teardown {
  private readonly steps: { label: string; run: () => Promise<void> | void }[] = [];
  private done = false;

  constructor() {
    active.add(this);
  }

  add(label: string, run: () => Promise<void> | void): void {
    this.steps.push({ label, run });
    // Set up after a timeout already tore everything down (the run went on in the background): undo at once.
    if (this.done) void this.run();
  }

  async run(): Promise<void> {
    this.done = true;
    active.delete(this);
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await withTimeout(Promise.resolve().then(step.run), STEP_TIMEOUT_MS, `clean-up "${step.label}"`);
      } catch (error) {
        process.stderr.write(`bench: clean-up "${step.label}" failed: ${(error as Error).message}\n`);
      }
    }
  }
}

/** For SIGINT/SIGTERM: whatever is still set up gets torn down before the process ends. */
export async function runActiveTeardowns(): Promise<void> {
  await Promise.all([...active].map((teardown) => teardown.run()));
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A benchmark's body within its time budget, with a Teardown that runs however the body ends
 * (including on timeout), so that no process, database or file of the run is left behind.
 */
export async function withTeardown(
  body: (teardown: Teardown) => Promise<void>,
  budgetMs: number,
  what: string,
  log: (line: string) => void,
): Promise<void> {
  const teardown = new Teardown();
  try {
    await withTimeout(body(teardown), budgetMs, what);
  } finally {
    log('cleaning up');
    await teardown.run();
  }
}
