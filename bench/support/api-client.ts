import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sleep } from './processes';

const REQUEST_TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 120_000;

/** GET /api/v1/imports/{id}: the part of the report the benchmarks read. */
export interface ImportReport {
  id: string;
  kind: string;
  source: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  rowsTotal: number | null;
  rowsAccepted: number;
  rowsRejected: number;
  rowsChanged: number;
  failure: string | null;
  fileSize: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A request that got no complete answer in time (the server may still be working on it). */
export class RequestTimeout extends Error {
  override readonly name = 'RequestTimeout';

  constructor(
    readonly request: string,
    readonly timeoutMs: number,
  ) {
    super(`${request}: no answer within ${timeoutMs / 1000} s`);
  }
}

/** One import followed from the upload to its final report, with where the time went. */
export interface TimedImport {
  report: ImportReport;
  /** Upload started (ms, performance.now()) and `succeeded` seen by the poller. */
  startedAt: number;
  seenAt: number;
  /** Upload start to `succeeded` seen. */
  totalMs: number;
  /** The multipart POST until its 202. */
  uploadMs: number;
  /** The worker's run: the report's startedAt to finishedAt (one clock: the database's). */
  runMs: number;
}

export async function logIn(apiUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (!response.ok || !body.accessToken) throw new Error(`login failed: ${response.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

/** The Recourse HTTP API as one signed-in user; every non-2xx answer is an error naming the request. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private get auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  async postJson<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...this.auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return this.parse<T>(`POST ${path}`, response);
  }

  async getJson<T>(path: string): Promise<T> {
    return (await this.timedGet<T>(path)).body;
  }

  /**
   * A GET timed from the request to the last byte of the body (parsing the JSON is not counted);
   * RequestTimeout when it takes longer than `timeoutMs`.
   */
  async timedGet<T>(path: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<{ ms: number; body: T }> {
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { headers: this.auth, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') throw new RequestTimeout(`GET ${path}`, timeoutMs);
      throw error;
    }
    const ms = performance.now() - started;
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 500)}`);
    return { ms, body: JSON.parse(text) as T };
  }

  /** A multipart upload of a file on disk (streamed from it, as a browser form would send it); returns the import id. */
  async upload(electionCode: string, file: string, fields: Record<string, string>): Promise<string> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', await openAsBlob(file, { type: 'text/csv' }), basename(file));
    const path = `/api/v1/elections/${electionCode}/imports`;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: this.auth,
      body: form,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    const body = await this.parse<{ id?: string }>(`POST ${path}`, response);
    if (response.status !== 202 || !body.id)
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body.id;
  }

  /**
   * Polls GET /api/v1/imports/{id} every `pollMs` until the import is final; a failed import, a
   * timeout or `alive` throwing (a dead worker) fail the wait.
   */
  async waitForImport(
    id: string,
    options: { pollMs: number; timeoutMs: number; alive?: () => void },
  ): Promise<{ report: ImportReport; seenAt: number }> {
    const deadline = performance.now() + options.timeoutMs;
    for (;;) {
      const report = await this.getJson<ImportReport>(`/api/v1/imports/${id}`);
      const seenAt = performance.now();
      if (report.status === 'succeeded') return { report, seenAt };
      if (report.status === 'failed') throw new Error(`import ${id} (${report.kind}) failed: ${report.failure}`);
      options.alive?.();
      if (seenAt > deadline) throw new Error(`import ${id} still ${report.status} after ${options.timeoutMs / 1000} s`);
      await sleep(options.pollMs);
    }
  }

  /** Uploads, then polls until `succeeded`: the import end to end, as a user sees it. */
  async importFile(
    electionCode: string,
    file: string,
    fields: Record<string, string>,
    options: { pollMs: number; timeoutMs: number; alive?: () => void },
  ): Promise<TimedImport> {
    const startedAt = performance.now();
    const id = await this.upload(electionCode, file, fields);
    const uploadMs = performance.now() - startedAt;
    const { report, seenAt } = await this.waitForImport(id, options);
    return { report, startedAt, seenAt, totalMs: seenAt - startedAt, uploadMs, runMs: runMsOf(report) };
  }

  private async parse<T>(what: string, response: Response): Promise<T> {
    const text = await response.text();
    if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

export const runMsOf = (report: ImportReport): number =>
  report.startedAt && report.finishedAt ? Date.parse(report.finishedAt) - Date.parse(report.startedAt) : NaN;
