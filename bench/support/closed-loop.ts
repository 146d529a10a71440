import { performance } from 'node:perf_hooks';

/** What a closed-loop run measured: completed operations over wall time, and their latencies. */
export interface LoopResult {
  label: string;
  operations: number;
  seconds: number;
  rate: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * `clients` loops, each awaiting `operation(client, i)` and starting the next one at once (a closed
 * loop: as many operations in flight as clients), for `warmUpSeconds` unmeasured, then `seconds`
 * measured. Any failed operation fails the run: a rate of refusals is not a rate of transitions.
 */
export async function closedLoop(
  label: string,
  clients: number,
  options: { warmUpSeconds: number; seconds: number },
  operation: (client: number, i: number) => Promise<void>,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let measuring = false;
  let stopping = false;
  let measuredFrom = 0;
  const loop = async (client: number) => {
    for (let i = 0; !stopping; i++) {
      const started = performance.now();
      await operation(client, i);
      // Only operations started and finished inside the measured window count.
      if (measuring && !stopping && started >= measuredFrom) latencies.push(performance.now() - started);
    }
  };
  const loops = Array.from({ length: clients }, (_, client) => loop(client));
  const failed = Promise.all(loops).then(() => undefined);
  const wait = (ms: number) => Promise.race([failed, new Promise<void>((resolve) => setTimeout(resolve, ms))]);
  await wait(options.warmUpSeconds * 1000);
  measuring = true;
  measuredFrom = performance.now();
  await wait(options.seconds * 1000);
  const seconds = (performance.now() - measuredFrom) / 1000;
  stopping = true;
  await failed;
  if (latencies.length === 0) throw new Error(`${label}: no operation completed`);
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return {
    label,
    operations: sorted.length,
    seconds,
    rate: sorted.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/**
 * `count` operations shared by `clients` closed loops, every one counted: for operations too slow (or
 * too serialised) for a fixed window to hold enough of them. Rate = count over the wall time.
 */
export async function fixedCount(
  label: string,
  clients: number,
  count: number,
  operation: (client: number, i: number) => Promise<void>,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const loop = async (client: number) => {
    for (let i = 0; next < count; i++) {
      next += 1;
      const t = performance.now();
      await operation(client, i);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { label, operations: sorted.length, seconds, rate: sorted.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}
