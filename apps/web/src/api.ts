/** The API client: JSON over fetch, the bearer token, one refresh on 401, problems as errors. */

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

export interface Session {
  accessToken: string;
  refreshToken: string;
}

const KEY = 'recourse.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

async function problemOf(res: Response): Promise<Problem> {
  try {
    const body = (await res.json()) as Problem;
    return { ...body, status: res.status };
  } catch {
    return { status: res.status, title: res.statusText };
  }
}

/**
 * One refresh at a time: a refresh token is good for one use, so requests that meet a 401 together
 * (a page loads several at once) share the refresh in flight. A second use of the same token would
 * look like a stolen one, and the server would end the session.
 */
let refreshing: Promise<boolean> | null = null;

function refresh(): Promise<boolean> {
  refreshing ??= rotate().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function rotate(): Promise<boolean> {
  const session = loadSession();
  if (!session) return false;
  const res = await fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: session.refreshToken }),
  });
  if (!res.ok) {
    saveSession(null);
    return false;
  }
  saveSession((await res.json()) as Session);
  return true;
}

export function authHeader(): Record<string, string> {
  const session = loadSession();
  return session ? { authorization: `Bearer ${session.accessToken}` } : {};
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
  retried = false,
): Promise<T> {
  const sentWith = loadSession()?.accessToken;
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/json',
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...authHeader(),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  if (res.status === 401 && !retried && loadSession()) {
    // Another request may have refreshed the session meanwhile: then its token is simply tried.
    const renewed = loadSession()?.accessToken !== sentWith || (await refresh());
    if (renewed) return api<T>(path, init, true);
  }
  if (!res.ok) throw new ApiError(await problemOf(res));
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export async function apiText(path: string): Promise<string> {
  const res = await fetch(path);
  if (!res.ok) throw new ApiError(await problemOf(res));
  return res.text();
}

/** A multipart upload through XMLHttpRequest, whose upload events report progress (fetch has none). */
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [k, v] of Object.entries(authHeader())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { title: xhr.statusText };
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else reject(new ApiError({ ...(body as Problem), status: xhr.status }));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, title: 'Network error' }));
    xhr.send(form);
  });
}

export const qs = (params: Record<string, string | number | boolean | undefined | null>): string => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
};
