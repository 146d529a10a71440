import type { Response } from 'supertest';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  bearer,
  createTestEnvironment,
  destroyTestEnvironment,
  PASSWORD,
  signIn,
  startApi,
  TestApi,
  TestEnvironment,
} from './support/test-app';

type Res = Response;

const expectProblem = (res: Res, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String) });
  expect(typeof res.body.detail).toBe('string');
};

const fieldsOf = (res: Res) => ((res.body.errors ?? []) as { field: string }[]).map((e) => e.field).sort();

describe('users (admin user management)', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let admin: { id: string; username: string; accessToken: string };
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env);
    db = api.app.get<DataSource>(getDataSourceToken());
    admin = await signIn(api, { role: 'admin', username: 'root.admin' });
  });

  afterAll(async () => {
    await api?.close();
    await destroyTestEnvironment(env);
  });

  const asAdmin = () => ({ ...bearer(admin.accessToken) });
  const createUser = (body: Record<string, unknown>) => api.http.post('/api/v1/users').set(asAdmin()).send(body);

  describe('create', () => {
    it('returns 201 with the account and never a password or its hash', async () => {
      const res = await createUser({
        username: 'Chea.Vanna',
        password: 'a-long-enough-password',
        role: 'officer',
        displayName: 'Chea Vanna',
        jurisdiction: '12',
      });
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        username: 'chea.vanna',
        displayName: 'Chea Vanna',
        role: 'officer',
        partyCode: null,
        organisation: null,
        jurisdiction: '12',
        email: null,
        active: true,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash|argon/i);
      expect(JSON.stringify(res.body)).not.toContain('a-long-enough-password');

      const [row] = await db.query('SELECT username, password_hash, role FROM users WHERE id = $1', [res.body.id]);
      expect(row).toMatchObject({ username: 'chea.vanna', role: 'officer' });
      expect(row.password_hash).toMatch(/^\$argon2id\$/);

      const login = await api.http
        .post('/api/v1/auth/login')
        .send({ username: 'chea.vanna', password: 'a-long-enough-password' });
      expect(login.status).toBe(200);
    });

    it('defaults the display name to the username', async () => {
      const res = await createUser({ username: 'no.display', password: PASSWORD, role: 'adjudicator' });
      expect(res.status).toBe(201);
      expect(res.body.displayName).toBe('no.display');
      expect(res.body.jurisdiction).toBeNull();
    });

    it('creates a party agent with its party and an observer with its organisation', async () => {
      const agent = await createUser({
        username: 'agent.cpp',
        password: PASSWORD,
        role: 'party_agent',
        partyCode: 'CPP',
      });
      expect(agent.status).toBe(201);
      expect(agent.body).toMatchObject({ role: 'party_agent', partyCode: 'CPP', organisation: null });
      const observer = await createUser({
        username: 'observer.sr',
        password: PASSWORD,
        role: 'observer',
        organisation: 'Situation Room',
      });
      expect(observer.status).toBe(201);
      expect(observer.body).toMatchObject({ role: 'observer', organisation: 'Situation Room', partyCode: null });
    });

    it('writes an identity.user_created outbox event in the same transaction', async () => {
      const res = await createUser({ username: 'evented.user', password: PASSWORD, role: 'officer' });
      expect(res.status).toBe(201);
      const rows: { type: string; payload: Record<string, unknown> }[] = await db.query(
        `SELECT type, payload FROM outbox_events WHERE payload->>'userId' = $1`,
        [res.body.id],
      );
      expect(rows).toEqual([{ type: 'identity.user_created', payload: { userId: res.body.id, role: 'officer' } }]);
    });

    it('a taken username is 409 naming the username field, whatever its case, and writes nothing', async () => {
      const first = await createUser({ username: 'taken.name', password: PASSWORD, role: 'officer' });
      expect(first.status).toBe(201);
      const [{ count: eventsBefore }] = await db.query(`SELECT count(*)::int AS count FROM outbox_events`);

      const again = await createUser({ username: 'Taken.Name', password: PASSWORD, role: 'adjudicator' });
      expectProblem(again, 409);
      expect(again.body.type).toBe('/problems/username-taken');
      expect(again.body.errors).toEqual([{ field: 'username', message: expect.any(String) }]);

      const rows = await db.query(`SELECT role FROM users WHERE username = 'taken.name'`);
      expect(rows).toEqual([{ role: 'officer' }]);
      const [{ count: eventsAfter }] = await db.query(`SELECT count(*)::int AS count FROM outbox_events`);
      expect(eventsAfter).toBe(eventsBefore);
    });

    it.each([
      ['a party agent without partyCode', { role: 'party_agent' }, ['partyCode']],
      ['an observer without organisation', { role: 'observer' }, ['organisation']],
      ['a partyCode on an officer', { role: 'officer', partyCode: 'CPP' }, ['partyCode']],
      ['a partyCode on an observer', { role: 'observer', organisation: 'Comfrel', partyCode: 'CPP' }, ['partyCode']],
    ])('role rules: %s is 422 naming the field, and no account is created', async (_, fields, named) => {
      const username = `rule-${Math.random().toString(36).slice(2, 8)}`;
      const res = await createUser({ username, password: PASSWORD, ...fields });
      expectProblem(res, 422);
      expect(fieldsOf(res)).toEqual(named);
      expect(await db.query('SELECT 1 FROM users WHERE username = $1', [username])).toEqual([]);
    });
  });

  describe('access', () => {
    it('no token is 401 problem+json on every users route', async () => {
      const id = admin.id;
      for (const res of [
        await api.http.post('/api/v1/users').send({ username: 'x.y.z', password: PASSWORD, role: 'officer' }),
        await api.http.get('/api/v1/users'),
        await api.http.get(`/api/v1/users/${id}`),
        await api.http.patch(`/api/v1/users/${id}`).send({ displayName: 'Hacked' }),
      ]) {
        expectProblem(res, 401);
      }
      expect(await db.query(`SELECT 1 FROM users WHERE username = 'x.y.z'`)).toEqual([]);
    });

    it.each(['party_agent', 'observer', 'officer', 'adjudicator'] as const)(
      'a signed-in %s gets 403 problem+json and changes nothing',
      async (role) => {
        const user = await signIn(api, { role });
        const auth = bearer(user.accessToken);
        const username = `by-${role.replace('_', '-')}`;
        const created = await api.http
          .post('/api/v1/users')
          .set(auth)
          .send({ username, password: PASSWORD, role: 'admin' });
        expectProblem(created, 403);
        expect(created.body.type).toBe('/problems/forbidden');
        expectProblem(await api.http.get('/api/v1/users').set(auth), 403);
        expectProblem(await api.http.get(`/api/v1/users/${admin.id}`).set(auth), 403);
        const promoted = await api.http.patch(`/api/v1/users/${user.id}`).set(auth).send({ role: 'admin' });
        expectProblem(promoted, 403);

        expect(await db.query('SELECT 1 FROM users WHERE username = $1', [username])).toEqual([]);
        const [row] = await db.query('SELECT role FROM users WHERE id = $1', [user.id]);
        expect(row.role).toBe(role);
      },
    );
  });

  describe('list', () => {
    const prefix = 'pg';
    const names = Array.from({ length: 7 }, (_, i) => `${prefix}${String.fromCharCode(97 + ((i * 3) % 7))}.member`);

    beforeAll(async () => {
      // Created out of order; the list must still come back by username.
      for (const [i, username] of names.entries()) {
        const res = await createUser({
          username,
          password: PASSWORD,
          role: i % 2 === 0 ? 'officer' : 'adjudicator',
          displayName: `Paged Person ${i}`,
        });
        expect(res.status).toBe(201);
      }
    });

    const walk = async (query: Record<string, string | number>) => {
      const seen: string[] = [];
      const pages: number[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 100; i++) {
        const res: Res = await api.http
          .get('/api/v1/users')
          .query({ ...query, ...(cursor ? { cursor } : {}) })
          .set(asAdmin());
        expect(res.status).toBe(200);
        pages.push(res.body.items.length);
        seen.push(...res.body.items.map((u: { username: string }) => u.username));
        cursor = res.body.nextCursor;
        if (cursor === null) break;
        expect(typeof cursor).toBe('string');
      }
      return { seen, pages };
    };

    it('limit and cursor walk every user once, in username order', async () => {
      const all: { username: string }[] = await db.query('SELECT username FROM users ORDER BY username');
      const { seen, pages } = await walk({ limit: 3 });
      expect(seen).toEqual(all.map((u) => u.username));
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages.slice(0, -1).every((n) => n === 3)).toBe(true);
      expect(pages.at(-1)).toBeGreaterThan(0);
      expect(pages.at(-1)).toBeLessThanOrEqual(3);
    });

    it('a filtered walk pages through exactly the matching users in order', async () => {
      const { seen, pages } = await walk({ limit: 2, q: `${prefix}` });
      expect(seen).toEqual([...names].sort());
      expect(pages).toEqual([2, 2, 2, 1]);
    });

    it('the default page is 50 items and an exact last page has no next cursor', async () => {
      const res = await api.http.get('/api/v1/users').set(asAdmin());
      expect(res.status).toBe(200);
      const [{ count }] = await db.query('SELECT count(*)::int AS count FROM users');
      expect(res.body.items).toHaveLength(Math.min(50, count));
      expect(res.body.nextCursor).toBeNull();

      const exact = await api.http.get('/api/v1/users').query({ limit: count }).set(asAdmin());
      expect(exact.body.items).toHaveLength(count);
      expect(exact.body.nextCursor).toBeNull();
    });

    it('list items carry no password hash', async () => {
      const res = await api.http.get('/api/v1/users').query({ limit: 500 }).set(asAdmin());
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash|argon/i);
    });

    it('filters by role', async () => {
      const res = await api.http.get('/api/v1/users').query({ role: 'adjudicator', q: prefix }).set(asAdmin());
      expect(res.status).toBe(200);
      expect(res.body.items.map((u: { username: string }) => u.username)).toEqual(
        names.filter((_, i) => i % 2 === 1).sort(),
      );
      const admins = await api.http.get('/api/v1/users').query({ role: 'admin' }).set(asAdmin());
      expect(admins.body.items.length).toBeGreaterThan(0);
      expect(admins.body.items.every((u: { role: string }) => u.role === 'admin')).toBe(true);
    });

    it('filters by active', async () => {
      const victim = names[2];
      const [{ id }] = await db.query('SELECT id FROM users WHERE username = $1', [victim]);
      expect((await api.http.patch(`/api/v1/users/${id}`).set(asAdmin()).send({ active: false })).status).toBe(200);

      const inactive = await api.http.get('/api/v1/users').query({ active: 'false', q: prefix }).set(asAdmin());
      expect(inactive.status).toBe(200);
      expect(inactive.body.items.map((u: { username: string }) => u.username)).toEqual([victim]);
      const active = await api.http.get('/api/v1/users').query({ active: 'true', q: prefix }).set(asAdmin());
      expect(active.body.items.map((u: { username: string }) => u.username)).toEqual(
        names.filter((n) => n !== victim).sort(),
      );
      expectProblem(await api.http.get('/api/v1/users').query({ active: 'maybe' }).set(asAdmin()), 400);
    });

    it('q matches part of the username or display name, case-insensitively, and treats % and _ literally', async () => {
      const byName = await api.http.get('/api/v1/users').query({ q: 'PERSON 3' }).set(asAdmin());
      expect(byName.body.items.map((u: { displayName: string }) => u.displayName)).toEqual(['Paged Person 3']);
      const byUsername = await api.http.get('/api/v1/users').query({ q: 'B.MEM' }).set(asAdmin());
      expect(byUsername.body.items.map((u: { username: string }) => u.username)).toEqual(['pgb.member']);
      const percent = await api.http.get('/api/v1/users').query({ q: '%' }).set(asAdmin());
      expect(percent.status).toBe(200);
      expect(percent.body.items).toEqual([]);
      const underscore = await api.http.get('/api/v1/users').query({ q: 'pg_' }).set(asAdmin());
      expect(underscore.body.items).toEqual([]);
    });

    it.each([
      ['not base64 JSON', 'not-a-cursor!'],
      ['JSON of the wrong shape', Buffer.from(JSON.stringify({ after: 'x' })).toString('base64url')],
      ['a key of the wrong arity', Buffer.from(JSON.stringify(['a', 'b'])).toString('base64url')],
    ])('a bad cursor (%s) is 400 naming cursor', async (_, cursor) => {
      const res = await api.http.get('/api/v1/users').query({ cursor }).set(asAdmin());
      expectProblem(res, 400);
      expect(fieldsOf(res)).toContain('cursor');
    });

    it.each([
      ['0', 'limit'],
      ['501', 'limit'],
      ['2.5', 'limit'],
    ])('limit=%s is 400 naming limit', async (limit, field) => {
      const res = await api.http.get('/api/v1/users').query({ limit }).set(asAdmin());
      expectProblem(res, 400);
      expect(fieldsOf(res)).toContain(field);
    });

    it('an unknown role filter is 400 naming role', async () => {
      const res = await api.http.get('/api/v1/users').query({ role: 'king' }).set(asAdmin());
      expectProblem(res, 400);
      expect(fieldsOf(res)).toEqual(['role']);
    });
  });

  describe('get', () => {
    it('returns one account by id', async () => {
      const created = await createUser({ username: 'fetch.me', password: PASSWORD, role: 'officer' });
      const res = await api.http.get(`/api/v1/users/${created.body.id}`).set(asAdmin());
      expect(res.status).toBe(200);
      expect(res.body).toEqual(created.body);
    });

    it.each([
      ['an unknown uuid', '2b0f6a2e-8c8d-4f3a-9d59-1b1f2b5b7c11'],
      ['a non-uuid id', 'not-a-uuid'],
      ['an almost-uuid', '2b0f6a2e-8c8d-4f3a-9d59-1b1f2b5b7c1'],
    ])('%s is 404 problem+json, never 500', async (_, id) => {
      expectProblem(await api.http.get(`/api/v1/users/${id}`).set(asAdmin()), 404);
      expectProblem(await api.http.patch(`/api/v1/users/${id}`).set(asAdmin()).send({ displayName: 'X' }), 404);
    });
  });

  describe('update', () => {
    it('changes the fields given and leaves the others', async () => {
      const created = await createUser({
        username: 'patch.me',
        password: PASSWORD,
        role: 'officer',
        displayName: 'Before',
        jurisdiction: '03',
      });
      const res = await api.http
        .patch(`/api/v1/users/${created.body.id}`)
        .set(asAdmin())
        .send({ displayName: 'After', role: 'adjudicator', jurisdiction: '12' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: created.body.id,
        username: 'patch.me',
        displayName: 'After',
        role: 'adjudicator',
        jurisdiction: '12',
        active: true,
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);

      const [row] = await db.query('SELECT display_name, role, jurisdiction FROM users WHERE id = $1', [
        created.body.id,
      ]);
      expect(row).toEqual({ display_name: 'After', role: 'adjudicator', jurisdiction: '12' });
    });

    it('null clears the jurisdiction (national), while omitting it keeps it', async () => {
      const created = await createUser({
        username: 'clear.me',
        password: PASSWORD,
        role: 'officer',
        jurisdiction: '08',
      });
      const kept = await api.http
        .patch(`/api/v1/users/${created.body.id}`)
        .set(asAdmin())
        .send({ displayName: 'Kept' });
      expect(kept.body.jurisdiction).toBe('08');

      const cleared = await api.http
        .patch(`/api/v1/users/${created.body.id}`)
        .set(asAdmin())
        .send({ jurisdiction: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.jurisdiction).toBeNull();
      const [row] = await db.query('SELECT jurisdiction FROM users WHERE id = $1', [created.body.id]);
      expect(row.jurisdiction).toBeNull();
    });

    it('turns an officer into a party agent when a party is given, and back when it is cleared', async () => {
      const created = await createUser({ username: 'switch.role', password: PASSWORD, role: 'officer' });
      const id = created.body.id;
      const missing = await api.http.patch(`/api/v1/users/${id}`).set(asAdmin()).send({ role: 'party_agent' });
      expectProblem(missing, 422);
      expect(fieldsOf(missing)).toEqual(['partyCode']);

      const agent = await api.http
        .patch(`/api/v1/users/${id}`)
        .set(asAdmin())
        .send({ role: 'party_agent', partyCode: 'CNRP' });
      expect(agent.status).toBe(200);
      expect(agent.body).toMatchObject({ role: 'party_agent', partyCode: 'CNRP' });

      const clearOnly = await api.http.patch(`/api/v1/users/${id}`).set(asAdmin()).send({ partyCode: null });
      expectProblem(clearOnly, 422);
      const back = await api.http
        .patch(`/api/v1/users/${id}`)
        .set(asAdmin())
        .send({ role: 'officer', partyCode: null });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ role: 'officer', partyCode: null });
    });

    it('an invalid or unknown field is 400 and changes nothing', async () => {
      const created = await createUser({ username: 'strict.patch', password: PASSWORD, role: 'officer' });
      const unknown = await api.http
        .patch(`/api/v1/users/${created.body.id}`)
        .set(asAdmin())
        .send({ username: 'renamed' });
      expectProblem(unknown, 400);
      expect(fieldsOf(unknown)).toEqual(['username']);
      const short = await api.http.patch(`/api/v1/users/${created.body.id}`).set(asAdmin()).send({ password: 'short' });
      expectProblem(short, 400);
      expect(fieldsOf(short)).toEqual(['password']);
      const [row] = await db.query('SELECT username FROM users WHERE id = $1', [created.body.id]);
      expect(row.username).toBe('strict.patch');
    });

    it('an admin cannot deactivate or demote themself (422), and stays an active admin', async () => {
      const deactivate = await api.http.patch(`/api/v1/users/${admin.id}`).set(asAdmin()).send({ active: false });
      expectProblem(deactivate, 422);
      expect(fieldsOf(deactivate)).toEqual(['active']);
      const demote = await api.http.patch(`/api/v1/users/${admin.id}`).set(asAdmin()).send({ role: 'officer' });
      expectProblem(demote, 422);
      expect(fieldsOf(demote)).toEqual(['role']);

      const [row] = await db.query('SELECT role, active FROM users WHERE id = $1', [admin.id]);
      expect(row).toEqual({ role: 'admin', active: true });
      // The token still works: nothing about the account changed.
      expect((await api.http.get('/api/v1/auth/me').set(asAdmin())).status).toBe(200);
    });

    it('an admin may still edit their own display name', async () => {
      const res = await api.http.patch(`/api/v1/users/${admin.id}`).set(asAdmin()).send({ displayName: 'Root' });
      expect(res.status).toBe(200);
      expect(res.body.displayName).toBe('Root');
    });

    it('an admin may deactivate another admin', async () => {
      const other = await signIn(api, { role: 'admin' });
      const res = await api.http.patch(`/api/v1/users/${other.id}`).set(asAdmin()).send({ active: false });
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      expectProblem(await api.http.get('/api/v1/users').set(bearer(other.accessToken)), 401);
    });

    it('deactivating writes an identity.user_deactivated outbox event; other edits write none', async () => {
      const created = await createUser({ username: 'to.deactivate', password: PASSWORD, role: 'officer' });
      const id = created.body.id;
      const events = async () =>
        (
          (await db.query(`SELECT type FROM outbox_events WHERE payload->>'userId' = $1 ORDER BY seq`, [id])) as {
            type: string;
          }[]
        ).map((r) => r.type);

      await api.http.patch(`/api/v1/users/${id}`).set(asAdmin()).send({ displayName: 'Renamed' }).expect(200);
      expect(await events()).toEqual(['identity.user_created']);

      const res = await api.http.patch(`/api/v1/users/${id}`).set(asAdmin()).send({ active: false });
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      expect(await events()).toEqual(['identity.user_created', 'identity.user_deactivated']);
      const [row] = await db.query('SELECT active FROM users WHERE id = $1', [id]);
      expect(row.active).toBe(false);
    });

    it('a refused update (422) writes no row change and no event', async () => {
      const created = await createUser({ username: 'refused.update', password: PASSWORD, role: 'officer' });
      const id = created.body.id;
      const res = await api.http
        .patch(`/api/v1/users/${id}`)
        .set(asAdmin())
        .send({ active: false, partyCode: 'CPP', displayName: 'Nope' });
      expectProblem(res, 422);
      const [row] = await db.query('SELECT active, display_name, party_code FROM users WHERE id = $1', [id]);
      expect(row).toEqual({ active: true, display_name: 'refused.update', party_code: null });
      const types = await db.query(`SELECT type FROM outbox_events WHERE payload->>'userId' = $1`, [id]);
      expect(types).toEqual([{ type: 'identity.user_created' }]);
    });
  });
});
