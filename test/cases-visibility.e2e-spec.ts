import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Account, act, caseWorld, CaseWorld, closeWorld, DECISION_DRAFT, fileCase } from './support/case-fixtures';
import { connect } from './support/imports';
import { bearer, createTestEnvironment, destroyTestEnvironment, signIn, TestEnvironment } from './support/test-app';

/*
 * Who sees what (DOMAIN.md "Roles", CONTRACT.md "Cases"): every role against every case endpoint.
 * Invisible is 404; visible but not allowed to act is 403; a route for caseworkers only
 * (duplicates) is 403 to other roles whatever the case, so it says nothing about the case.
 *
 * The case of the table is CNRP's complaint against CPP about two Phnom Penh (12) stations, under
 * review with a decision draft; the "respondent before register" row reads a filed twin. Each has
 * an internal note, a message to the complainant, public and private evidence. The transition
 * column acts on a fresh case each time (filed; registered for the respondent after register).
 */

type Who =
  | 'complainant'
  | 'sameParty'
  | 'respondent'
  | 'unrelatedAgent'
  | 'otherObserver'
  | 'officer'
  | 'otherProvince'
  | 'province'
  | 'adjudicator'
  | 'admin'
  | 'anonymous';

/** I: internal note, C: message to the complainant; P: public evidence, X: private evidence. */
type Seen = string;

interface Row {
  who: Who;
  label: string;
  phase: 'filed' | 'review';
  getCase: number;
  list: boolean | 401;
  history: number;
  duplicates: number;
  /** The action, its status, and the state of the fresh case it is tried on (default filed). */
  transition: [string, number, 'registered'?];
  getNotes: number | [200, Seen];
  postInternalNote: number;
  postComplainantNote: number;
  getEvidence: number | [200, Seen];
  postPublicEvidence: number;
  postPrivateEvidence: number;
  getPublicEvidence: number;
  getPrivateEvidence: number;
  getDecision: number;
}

// prettier-ignore
const MATRIX: Row[] = [
  // who                label                                 phase      case  list   hist  dups  transition                        notes GET      +int  +cmp  evidence GET    +pub  +priv pub   priv  decision
  r('complainant',    'complainant party agent',            'review',  200,  true,  200,  403,  ['withdraw', 200],                [200, 'C'],    403,  201,  [200, 'PX'],    201,  201,  200,  200,  404),
  r('sameParty',      'another agent of the same party',    'review',  200,  true,  200,  403,  ['withdraw', 200],                [200, 'C'],    403,  201,  [200, 'PX'],    201,  201,  200,  200,  404),
  r('respondent',     'respondent agent before register',   'filed',   404,  false, 404,  403,  ['withdraw', 404],                404,           404,  404,  404,            404,  404,  404,  404,  404),
  r('respondent',     'respondent agent after register',    'review',  200,  true,  200,  403,  ['withdraw', 403, 'registered'],  403,           403,  403,  [200, 'P'],     403,  403,  200,  404,  404),
  r('unrelatedAgent', 'agent of an unrelated party',        'review',  404,  false, 404,  403,  ['withdraw', 404],                404,           404,  404,  404,            404,  404,  404,  404,  404),
  r('otherObserver',  'observer of another organisation',   'review',  404,  false, 404,  403,  ['withdraw', 404],                404,           404,  404,  404,            404,  404,  404,  404,  404),
  r('officer',        'national officer',                   'review',  200,  true,  200,  200,  ['register', 200],                [200, 'IC'],   201,  201,  [200, 'PX'],    201,  201,  200,  200,  200),
  r('otherProvince',  'officer of another province (01)',   'review',  404,  false, 404,  404,  ['register', 404],                404,           404,  404,  404,            404,  404,  404,  404,  404),
  r('province',       'officer of Phnom Penh (12)',         'review',  200,  true,  200,  200,  ['register', 200],                [200, 'IC'],   201,  201,  [200, 'PX'],    201,  201,  200,  200,  200),
  r('adjudicator',    'national adjudicator',               'review',  200,  true,  200,  200,  ['register', 200],                [200, 'IC'],   201,  201,  [200, 'PX'],    201,  201,  200,  200,  200),
  r('admin',          'admin',                              'review',  404,  false, 404,  403,  ['register', 404],                404,           404,  404,  404,            404,  404,  404,  404,  404),
  r('anonymous',      'no token',                           'review',  401,  401,   401,  401,  ['register', 401],                401,           401,  401,  401,            401,  401,  401,  401,  401),
];

function r(
  who: Who,
  label: string,
  phase: Row['phase'],
  getCase: number,
  list: Row['list'],
  history: number,
  duplicates: number,
  transition: Row['transition'],
  getNotes: Row['getNotes'],
  postInternalNote: number,
  postComplainantNote: number,
  getEvidence: Row['getEvidence'],
  postPublicEvidence: number,
  postPrivateEvidence: number,
  getPublicEvidence: number,
  getPrivateEvidence: number,
  getDecision: number,
): Row {
  return {
    who,
    label,
    phase,
    getCase,
    list,
    history,
    duplicates,
    transition,
    getNotes,
    postInternalNote,
    postComplainantNote,
    getEvidence,
    postPublicEvidence,
    postPrivateEvidence,
    getPublicEvidence,
    getPrivateEvidence,
    getDecision,
  };
}

const PNG = Buffer.concat([Buffer.from([0x89]), Buffer.from('PNG\r\n\x1a\n', 'latin1'), randomBytes(64)]);

interface Seeded {
  reference: string;
  id: string;
  notes: Record<'I' | 'C', string>;
  evidence: Record<'P' | 'X', string>;
}

describe('who sees what on a case', () => {
  let env: TestEnvironment;
  let world: CaseWorld;
  let storageDir: string;
  let db: Client;
  let accounts: Record<Exclude<Who, 'anonymous'>, Account>;
  let review: Seeded;
  let filed: Seeded;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'recourse-visibility-'));
    env = await createTestEnvironment({ STORAGE_DIR: storageDir });
    world = await caseWorld(env);
    db = await connect(env.DATABASE_URL);
    const account = async (input: Parameters<typeof signIn>[1]): Promise<Account> => {
      const a = await signIn(world.api, input);
      return { ...a, headers: bearer(a.accessToken) };
    };
    accounts = {
      complainant: world.cnrp,
      sameParty: world.cnrp2,
      respondent: world.cpp,
      unrelatedAgent: await account({ role: 'party_agent', partyCode: 'FUN' }),
      otherObserver: await account({ role: 'observer', organisation: 'COMFREL' }),
      officer: world.officer,
      otherProvince: world.provincialOfficer,
      province: await account({ role: 'officer', jurisdiction: '12' }),
      adjudicator: world.adjudicator,
      admin: world.admin,
    };
    review = await seed(await fileCase(world));
    expect((await act(world, world.officer, review.reference, 'register')).status).toBe(200);
    expect(
      (await act(world, world.officer, review.reference, 'assign', { assignee: world.officer.username })).status,
    ).toBe(200);
    const put = await world.api.http
      .put(`/api/v1/cases/${review.reference}/decision`)
      .set(world.officer.headers)
      .send(DECISION_DRAFT);
    expect(put.status).toBe(200);
    filed = await seed(await fileCase(world));
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await closeWorld(world);
    await destroyTestEnvironment(env);
    await rm(storageDir, { recursive: true, force: true });
  });

  async function seed(c: { reference: string; id: string }): Promise<Seeded> {
    const note = async (visibility: string) => {
      const res = await world.api.http
        .post(`/api/v1/cases/${c.reference}/notes`)
        .set(world.officer.headers)
        .send({ body: `a ${visibility} note`, visibility });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const evidence = async (isPublic: boolean) => {
      const res = await uploadAs(world.cnrp.headers, c.reference, isPublic);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    return {
      ...c,
      notes: { I: await note('internal'), C: await note('complainant') },
      evidence: { P: await evidence(true), X: await evidence(false) },
    };
  }

  const uploadAs = (headers: Record<string, string>, reference: string, isPublic: boolean) =>
    world.api.http
      .post(`/api/v1/cases/${reference}/evidence`)
      .set(headers)
      .field('public', String(isPublic))
      .attach('file', PNG, { filename: 'sheet.png', contentType: 'image/png' });

  const headersOf = (who: Who) => (who === 'anonymous' ? {} : accounts[who].headers);
  const caseOf = (row: Row) => (row.phase === 'filed' ? filed : review);
  /** Which seeded records a list shows, as the letters of the table. */
  const seen = (items: { id: string }[], records: Record<string, string>) =>
    Object.entries(records)
      .filter(([, id]) => items.some((i) => i.id === id))
      .map(([letter]) => letter)
      .join('');
  const status = (expected: number | [200, Seen]) => (Array.isArray(expected) ? expected[0] : expected);

  describe.each(MATRIX)('$label', (row) => {
    const get = (path: string) =>
      world.api.http.get(`/api/v1/cases/${caseOf(row).reference}${path}`).set(headersOf(row.who));
    const post = (path: string) =>
      world.api.http.post(`/api/v1/cases/${caseOf(row).reference}${path}`).set(headersOf(row.who));

    it(`GET case ${row.getCase}`, async () => {
      expect((await get('')).status).toBe(row.getCase);
    });

    it(`GET list ${row.list === 401 ? 401 : row.list ? 'includes it' : 'leaves it out'}`, async () => {
      const res = await world.api.http.get('/api/v1/cases?limit=500').set(headersOf(row.who));
      if (row.list === 401) return expect(res.status).toBe(401);
      expect(res.status).toBe(200);
      const references = res.body.items.map((c: { reference: string }) => c.reference);
      expect(references.includes(caseOf(row).reference)).toBe(row.list);
    });

    it(`GET history ${row.history}`, async () => {
      expect((await get('/history')).status).toBe(row.history);
    });

    it(`GET duplicates ${row.duplicates}`, async () => {
      expect((await get('/duplicates')).status).toBe(row.duplicates);
    });

    it(`POST transition ${row.transition[0]} ${row.transition[1]}`, async () => {
      const [action, expected, state] = row.transition;
      const fresh = await fileCase(world);
      if (state === 'registered')
        expect((await act(world, world.officer, fresh.reference, 'register')).status).toBe(200);
      const version = state === 'registered' ? fresh.version + 1 : fresh.version;
      const res = await world.api.http
        .post(`/api/v1/cases/${fresh.reference}/transitions`)
        .set(headersOf(row.who))
        .send({ action, expectedVersion: version, ...(action === 'withdraw' ? { reason: 'settled' } : {}) });
      expect({ status: res.status, body: res.body.type }).toMatchObject({ status: expected });
    });

    it(`GET notes ${JSON.stringify(row.getNotes)}`, async () => {
      const res = await get('/notes');
      expect(res.status).toBe(status(row.getNotes));
      if (Array.isArray(row.getNotes)) expect(seen(res.body.items, caseOf(row).notes)).toBe(row.getNotes[1]);
    });

    it(`POST internal note ${row.postInternalNote}, complainant note ${row.postComplainantNote}`, async () => {
      const internal = await post('/notes').send({ body: 'internal words', visibility: 'internal' });
      const message = await post('/notes').send({ body: 'to the complainant', visibility: 'complainant' });
      expect([internal.status, message.status]).toEqual([row.postInternalNote, row.postComplainantNote]);
    });

    it(`GET evidence ${JSON.stringify(row.getEvidence)}`, async () => {
      const res = await get('/evidence');
      expect(res.status).toBe(status(row.getEvidence));
      if (Array.isArray(row.getEvidence)) expect(seen(res.body.items, caseOf(row).evidence)).toBe(row.getEvidence[1]);
    });

    it(`POST public evidence ${row.postPublicEvidence}, private evidence ${row.postPrivateEvidence}`, async () => {
      const reference = caseOf(row).reference;
      const pub = await uploadAs(headersOf(row.who), reference, true);
      const priv = await uploadAs(headersOf(row.who), reference, false);
      expect([pub.status, priv.status]).toEqual([row.postPublicEvidence, row.postPrivateEvidence]);
    });

    it(`GET public evidence ${row.getPublicEvidence}, private evidence ${row.getPrivateEvidence} (metadata and content)`, async () => {
      const { P, X } = caseOf(row).evidence;
      for (const [id, expected] of [
        [P, row.getPublicEvidence],
        [X, row.getPrivateEvidence],
      ] as const) {
        expect((await get(`/evidence/${id}`)).status).toBe(expected);
        expect((await get(`/evidence/${id}/content`)).status).toBe(expected);
      }
    });

    it(`GET decision ${row.getDecision}`, async () => {
      expect((await get('/decision')).status).toBe(row.getDecision);
    });
  });
});
