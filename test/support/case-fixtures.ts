import { bearer, signIn, startApi, startWorker, TestApi, TestEnvironment } from './test-app';
import { communeElection, SHEETS, STATIONS } from './import-fixtures';
import { csv, importFile } from './imports';
import { INestApplicationContext } from '@nestjs/common';

/**
 * A commune election ready for cases: the fifteen stations of import-fixtures in two provinces
 * (12 Phnom Penh: S01-S06, S12-S15; 01 Banteay Meanchey: S07-S11), seats for the three communes,
 * and official_final sheets for S01-S11 — imported through the real API and worker.
 */
export interface CaseWorld {
  api: TestApi;
  worker: INestApplicationContext;
  electionCode: string;
  admin: Account;
  /** Party agents of CNRP (complainant side) and CPP (respondent side). */
  cnrp: Account;
  cnrp2: Account;
  cpp: Account;
  observer: Account;
  /** National caseworkers, and a Banteay Meanchey officer who must not see Phnom Penh cases. */
  officer: Account;
  adjudicator: Account;
  adjudicator2: Account;
  provincialOfficer: Account;
}

export interface Account {
  id: string;
  username: string;
  accessToken: string;
  headers: Record<string, string>;
}

export const SEATS = csv([
  ['area_code', 'seats'],
  ['120101', 5],
  ['120102', 3],
  ['010201', 3],
]);

export async function caseWorld(env: TestEnvironment, electionCode = 'KH-2017-CC'): Promise<CaseWorld> {
  const api = await startApi(env);
  const worker = await startWorker(env).catch(async (error: unknown) => {
    await api.close();
    throw error;
  });
  try {
    return await populate(api, worker, electionCode);
  } catch (error) {
    await closeWorld({ api, worker } as CaseWorld);
    throw error;
  }
}

async function populate(api: TestApi, worker: INestApplicationContext, electionCode: string): Promise<CaseWorld> {
  const account = async (input: Parameters<typeof signIn>[1]): Promise<Account> => {
    const a = await signIn(api, input);
    return { ...a, headers: bearer(a.accessToken) };
  };
  const admin = await account({ role: 'admin' });
  const res = await api.http.post('/api/v1/elections').set(admin.headers).send(communeElection(electionCode));
  if (res.status !== 201) throw new Error(`election: ${res.status} ${JSON.stringify(res.body)}`);
  for (const [kind, body, source] of [
    ['stations', STATIONS, undefined],
    ['seats', SEATS, undefined],
    ['sheets', SHEETS, 'official_final'],
  ] as const) {
    const report = await importFile(api, electionCode, body, { kind, source, token: admin.accessToken });
    if (report.status !== 'succeeded') throw new Error(`${kind} import: ${JSON.stringify(report)}`);
  }
  return {
    api,
    worker,
    electionCode,
    admin,
    cnrp: await account({ role: 'party_agent', partyCode: 'CNRP' }),
    cnrp2: await account({ role: 'party_agent', partyCode: 'CNRP' }),
    cpp: await account({ role: 'party_agent', partyCode: 'CPP' }),
    observer: await account({ role: 'observer', organisation: 'Situation Room' }),
    officer: await account({ role: 'officer' }),
    adjudicator: await account({ role: 'adjudicator' }),
    adjudicator2: await account({ role: 'adjudicator' }),
    provincialOfficer: await account({ role: 'officer', jurisdiction: '01' }),
  };
}

export async function closeWorld(world: CaseWorld | undefined): Promise<void> {
  await world?.worker.close().catch(() => undefined);
  await world?.api.close().catch(() => undefined);
}

/** A complete complaint by CNRP against CPP about S01 and S02 (Phnom Penh). */
export const complaint = (electionCode: string, overrides: Record<string, unknown> = {}) => ({
  electionCode,
  kind: 'complaint',
  category: 'result_sheet_discrepancy',
  title: 'CNRP votes undercounted at Wat Lanka',
  description: 'Our agents copied 180 CNRP votes at S01; the official sheet shows 150. ការរាប់សន្លឹកឆ្នោតខុស។',
  incidentDate: '2017-06-04',
  requestedRemedy: 'recount',
  stationCodes: ['S01', 'S02'],
  respondentPartyCode: 'CPP',
  ...overrides,
});

/** Files (submits) a complaint as `agent` and returns the case body. */
export async function fileCase(world: CaseWorld, agent: Account = world.cnrp, overrides: Record<string, unknown> = {}) {
  const res = await world.api.http
    .post('/api/v1/cases')
    .set(agent.headers)
    .send({ ...complaint(world.electionCode, overrides), submit: true });
  if (res.status !== 201) throw new Error(`file case: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; reference: string; version: number; state: string };
}

/** Takes a transition at the case's current version; returns the response. */
export async function act(
  world: CaseWorld,
  who: Account,
  reference: string,
  action: string,
  fields: Record<string, unknown> = {},
) {
  const current = await world.api.http.get(`/api/v1/cases/${reference}`).set(who.headers);
  const version = current.body.version ?? 1;
  return world.api.http
    .post(`/api/v1/cases/${reference}/transitions`)
    .set(who.headers)
    .send({ action, expectedVersion: version, ...fields });
}

export const DECISION_DRAFT = {
  outcome: 'partially_upheld',
  findings: 'The observer copy and the official sheet of S01 differ by 30 CNRP votes.',
  reasoning:
    'The official sheet of S01 records fewer CNRP votes than the copies held by two independent observers. ' +
    'A recount of S01 is ordered because the difference could change the allocation of a seat.',
  legalBasis: ['LEC Art. 113'],
  remedies: [] as { kind: string; stationCodes: string[] }[],
};
