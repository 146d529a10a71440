/// <reference types="jest" />
import { api, loadSession, saveSession } from './api';

/** The browser's sessionStorage, in memory: the client keeps its session there. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * A server with one-use refresh tokens, as libs/identity has them: a token used twice ends the
 * session. Access token `a<n>` goes with refresh token `r<n>`; only the newest access token is good.
 */
function server() {
  let generation = 1;
  const refreshes: string[] = [];
  let reused = false;
  const fetch = jest.fn(async (path: string, init: RequestInit = {}) => {
    // Requests overlap, as in a browser; /slow answers after any refresh has finished.
    await new Promise((resolve) => setTimeout(resolve, path === '/slow' ? 60 : 5));
    if (path === '/api/v1/auth/refresh') {
      const { refreshToken } = JSON.parse(String(init.body)) as { refreshToken: string };
      refreshes.push(refreshToken);
      if (refreshToken !== `r${generation}`) {
        reused = true;
        return json(401, { status: 401, title: 'Unauthorized' });
      }
      generation += 1;
      return json(200, { accessToken: `a${generation}`, refreshToken: `r${generation}` });
    }
    const auth = (init.headers as Record<string, string>).authorization;
    if (auth !== `Bearer a${generation}`) return json(401, { status: 401, title: 'Unauthorized' });
    return json(200, { path });
  });
  return { fetch, refreshes, reused: () => reused };
}

describe('the web API client', () => {
  beforeEach(() => {
    Object.assign(globalThis, { sessionStorage: new MemoryStorage() });
  });

  it('refreshes once for requests that meet an expired token together, and keeps the session', async () => {
    const s = server();
    Object.assign(globalThis, { fetch: s.fetch });
    saveSession({ accessToken: 'expired', refreshToken: 'r1' });

    const answers = await Promise.all(['/a', '/b', '/c', '/d'].map((path) => api<{ path: string }>(path)));

    expect(answers.map((a) => a.path)).toEqual(['/a', '/b', '/c', '/d']);
    expect(s.refreshes).toEqual(['r1']);
    expect(s.reused()).toBe(false);
    expect(loadSession()).toEqual({ accessToken: 'a2', refreshToken: 'r2' });
  });

  it('a request answered 401 after another one refreshed retries with the new token, without refreshing', async () => {
    const s = server();
    Object.assign(globalThis, { fetch: s.fetch });
    saveSession({ accessToken: 'expired', refreshToken: 'r1' });

    const [slow, fast] = await Promise.all([api<{ path: string }>('/slow'), api<{ path: string }>('/fast')]);

    expect([slow.path, fast.path]).toEqual(['/slow', '/fast']);
    expect(s.refreshes).toEqual(['r1']);
    expect(s.fetch.mock.calls.map(([path]) => path)).toEqual([
      '/slow',
      '/fast',
      '/api/v1/auth/refresh',
      '/fast',
      '/slow',
    ]);
  });

  it('a refused refresh ends the session and the request fails with the problem', async () => {
    const s = server();
    Object.assign(globalThis, { fetch: s.fetch });
    saveSession({ accessToken: 'expired', refreshToken: 'stolen' });
    await expect(api('/a')).rejects.toMatchObject({ problem: { status: 401 } });
    expect(loadSession()).toBeNull();
  });
});
