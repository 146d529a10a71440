import { readFileSync, writeFileSync } from 'node:fs';

const SAMPLE_MS = 10;

/** A field of /proc/<pid>/status in MB (VmRSS: resident now; VmHWM: the resident peak); undefined without /proc. */
export function statusMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The peak resident memory of a process over a stretch of work. VmHWM is reset at the start
 * (writing 5 to /proc/<pid>/clear_refs, Linux ≥ 4.0, the process's owner) so that it covers this
 * stretch only; VmRSS is also sampled every 10 ms, which serves where the reset is not allowed.
 */
export class PeakRss {
  private readonly timer: NodeJS.Timeout;
  private sampled = 0;
  readonly atStartMb: number | undefined;
  readonly hwmReset: boolean;

  private constructor(private readonly pid: number) {
    this.hwmReset = resetHwm(pid);
    this.atStartMb = statusMb(pid, 'VmRSS');
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  static start(pid: number | undefined): PeakRss {
    if (pid === undefined) throw new Error('no process to watch: it did not start');
    return new PeakRss(pid);
  }

  /** The peak in MB: VmHWM when it was reset, else the highest VmRSS sample. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    const hwm = this.hwmReset ? statusMb(this.pid, 'VmHWM') : undefined;
    const peak = Math.max(hwm ?? 0, this.sampled);
    if (peak === 0) throw new Error(`no memory figures for process ${this.pid} (is /proc mounted?)`);
    return peak;
  }

  private sample(): void {
    this.sampled = Math.max(this.sampled, statusMb(this.pid, 'VmRSS') ?? 0);
  }
}

function resetHwm(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
