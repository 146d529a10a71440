import { Client } from 'pg';
import { bearer, TestApi } from './test-app';
import { waitFor } from './wait-for';

export interface ImportReport {
  id: string;
  electionCode: string;
  kind: string;
  source: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  rowsTotal: number | null;
  rowsAccepted: number;
  rowsRejected: number;
  rowsChanged: number;
  errors: { row: number; field: string | null; message: string }[];
  failure: string | null;
  fileSha256: string;
  fileSize: number;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** CSV text from rows of cells, quoting where CSV needs it. */
export function csv(rows: (string | number | null)[][]): string {
  const cellOf = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(cellOf).join(',')).join('\n') + '\n';
}

export interface UploadOptions {
  kind?: string;
  source?: string;
  token: string;
  fileName?: string;
}

/** POSTs a multipart upload the way a browser form would. */
export function upload(api: TestApi, electionCode: string, body: string | Buffer, options: UploadOptions) {
  let req = api.http.post(`/api/v1/elections/${electionCode}/imports`).set(bearer(options.token));
  if (options.kind !== undefined) req = req.field('kind', options.kind);
  if (options.source !== undefined) req = req.field('source', options.source);
  return req.attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), {
    filename: options.fileName ?? 'upload.csv',
    contentType: 'text/csv',
  });
}

export async function report(api: TestApi, id: string, token: string): Promise<ImportReport> {
  const res = await api.http.get(`/api/v1/imports/${id}`).set(bearer(token));
  if (res.status !== 200) throw new Error(`GET import ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ImportReport;
}

/** Waits for the worker to finish an import and returns its report. */
export async function finished(api: TestApi, id: string, token: string, timeoutMs = 30_000): Promise<ImportReport> {
  const last = await waitFor(
    () => report(api, id, token),
    (r) => r.status === 'succeeded' || r.status === 'failed',
    timeoutMs,
  );
  if (last.status !== 'succeeded' && last.status !== 'failed') {
    throw new Error(`import ${id} still ${last.status} after ${timeoutMs} ms`);
  }
  return last;
}

/** Uploads, expects 202, and waits for the report. */
export async function importFile(
  api: TestApi,
  electionCode: string,
  body: string | Buffer,
  options: UploadOptions,
): Promise<ImportReport> {
  const res = await upload(api, electionCode, body, options);
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  return finished(api, res.body.id, options.token);
}

/** A direct connection to the test database, for what the API does not show. */
export async function connect(databaseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

export { STATIONS_HEADER } from './uganda-files';
