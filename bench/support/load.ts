import autocannon from 'autocannon';
import { machineBusySeconds } from './cpu';

/** One setting for every target, so that ratios compare like with like. */
export const LOAD = { connections: 50, pipelining: 1, warmUpSeconds: 2, seconds: 8, timeoutSeconds: 10 } as const;

export interface LoadTarget {
  label: string;
  url: string;
  headers?: Record<string, string>;
  /** Overrides LOAD.connections (issue 6 asks for 100 on the public record). */
  connections?: number;
  /** Overrides LOAD.warmUpSeconds, for a target whose first answers take seconds under full load. */
  warmUpSeconds?: number;
  /** CPU seconds used so far by the process under test, to tell a CPU-bound server from a client-bound run. */
  serverCpuSeconds?: () => number | undefined;
}

export interface LoadResult {
  label: string;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Cores used while measuring by the server, by this process (autocannon) and by everything else (PostgreSQL, other jobs). */
  serverCpu?: number;
  clientCpu: number;
  otherCpu?: number;
  /** Server CPU time per request, in microseconds: the framework's cost, whoever was the bottleneck. */
  serverCpuUsPerRequest?: number;
}

/** Warms the target up (JIT, pools, caches), then measures it; any non-2xx or socket error fails the run. */
export async function measure(target: LoadTarget): Promise<LoadResult> {
  check(target, 'warm-up', await fire(target, target.warmUpSeconds ?? LOAD.warmUpSeconds));
  const serverBefore = target.serverCpuSeconds?.();
  const machineBefore = machineBusySeconds();
  const clientBefore = process.cpuUsage();
  const result = await fire(target, LOAD.seconds);
  const client = process.cpuUsage(clientBefore);
  const machineAfter = machineBusySeconds();
  const serverAfter = target.serverCpuSeconds?.();
  check(target, 'measurement', result);
  const serverSeconds = delta(serverBefore, serverAfter);
  const clientSeconds = (client.user + client.system) / 1e6;
  const machineSeconds = delta(machineBefore, machineAfter);
  const otherSeconds =
    machineSeconds === undefined || serverSeconds === undefined
      ? undefined
      : machineSeconds - serverSeconds - clientSeconds;
  return {
    label: target.label,
    requests: result.requests.total,
    // Completed requests over wall time; `requests.average` is a mean of per-second samples.
    rps: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    serverCpu: serverSeconds === undefined ? undefined : serverSeconds / result.duration,
    clientCpu: clientSeconds / result.duration,
    otherCpu: otherSeconds === undefined ? undefined : Math.max(0, otherSeconds) / result.duration,
    serverCpuUsPerRequest: serverSeconds === undefined ? undefined : (serverSeconds * 1e6) / result.requests.total,
  };
}

const delta = (before?: number, after?: number) =>
  before === undefined || after === undefined ? undefined : after - before;

async function fire(target: LoadTarget, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: target.url,
    title: target.label,
    headers: target.headers,
    connections: target.connections ?? LOAD.connections,
    pipelining: LOAD.pipelining,
    duration: seconds,
    timeout: LOAD.timeoutSeconds,
  });
}

function check(target: LoadTarget, phase: string, result: autocannon.Result): void {
  const failures: string[] = [];
  if (result.requests.total === 0) failures.push('no request completed');
  if (result.non2xx > 0) failures.push(`${result.non2xx} non-2xx responses`);
  if (result.errors > 0) failures.push(`${result.errors} socket errors (${result.timeouts} timeouts)`);
  if (failures.length === 0) return;
  const codes = Object.entries(result.statusCodeStats)
    .map(([code, { count }]) => `${code}×${count}`)
    .join(', ');
  throw new Error(
    `${target.label} (${target.url}) ${phase}: ${failures.join('; ')} [status codes: ${codes || 'none'}]`,
  );
}
