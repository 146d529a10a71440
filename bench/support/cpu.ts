import { readFileSync } from 'node:fs';

/** USER_HZ: 100 on every Linux build that matters here. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, all threads) a process has used; undefined where /proc is not available. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is [0], utime [11], stime [12], in clock ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Busy CPU seconds summed over all cores since boot, whoever used them. */
export function machineBusySeconds(): number | undefined {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    // Idle and iowait are not busy; steal is the hypervisor's, not a process's here.
    const [user, nice, system, , , irq, softirq] = ticks;
    return (user + nice + system + irq + softirq) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** How many cores processes other than ours keep busy, sampled over `ms`: a busy machine makes figures noisy. */
export async function foreignLoad(ownPids: (number | undefined)[], ms = 1_000): Promise<number | undefined> {
  const own = () => ownPids.reduce<number>((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), 0);
  const [machine0, own0, client0] = [machineBusySeconds(), own(), process.cpuUsage()];
  await new Promise((resolve) => setTimeout(resolve, ms));
  const machine1 = machineBusySeconds();
  if (machine0 === undefined || machine1 === undefined) return undefined;
  const clientUsed = process.cpuUsage(client0);
  const ours = own() - own0 + (clientUsed.user + clientUsed.system) / 1e6;
  return Math.max(0, (machine1 - machine0 - ours) / (ms / 1000));
}
