import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TransactionHost, TransactionNotActiveError } from '@nestjs-cls/transactional';
import { Client } from 'pg';
import { PersistenceModule } from '@app/platform';
import { AuditModule, AuditTrail, auditHash, GENESIS_HASH, NewAuditEntry } from '@app/audit';
import { connect } from './support/imports';
import { killAllSpawned, spawnTs } from './support/processes';
import { createTestEnvironment, destroyTestEnvironment, TestEnvironment } from './support/test-app';

jest.setTimeout(180_000);

const CLI = 'apps/cli/src/main.ts';

describe('the audit trail', () => {
  let env: TestEnvironment;
  let ctx: INestApplicationContext;
  let trail: AuditTrail;
  let tx: TransactionHost;
  let db: Client;

  beforeAll(async () => {
    env = await createTestEnvironment();
    for (const [key, value] of Object.entries(env)) process.env[key] = value;
    ctx = await Test.createTestingModule({ imports: [PersistenceModule, AuditModule] }).compile();
    ctx.useLogger(false);
    await ctx.init();
    trail = ctx.get(AuditTrail);
    tx = ctx.get(TransactionHost);
    db = await connect(env.DATABASE_URL);
  });

  afterAll(async () => {
    await killAllSpawned();
    await db?.end().catch(() => undefined);
    await ctx?.close().catch(() => undefined);
    await destroyTestEnvironment(env);
  });

  const officer = randomUUID();
  const entry = (subjectId: string, action: string, extra: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
    subjectType: 'case',
    subjectId,
    actorId: officer,
    actorRole: 'officer',
    action,
    ...extra,
  });
  const append = (e: NewAuditEntry) => tx.withTransaction(() => trail.append(e));

  /** Changes a row behind the trigger's back, as someone with the database's password could. */
  const tamper = async (sql: string, params: unknown[]) => {
    await db.query('BEGIN');
    await db.query(`SET LOCAL session_replication_role = replica`);
    await db.query(sql, params);
    await db.query('COMMIT');
  };

  const cli = (...args: string[]) =>
    spawnTs(CLI, ['audit:verify', ...args], { DATABASE_URL: env.DATABASE_URL, LOG_LEVEL: 'silent' }, 120_000).finished;

  it('appends numbered, chained entries in the caller’s transaction, and reads them back in order', async () => {
    const subject = randomUUID();
    const first = await append(
      entry(subject, 'submit', { fromState: 'draft', toState: 'filed', after: { reference: 'KH-2017-CC-000001' } }),
    );
    const second = await append(
      entry(subject, 'register', { fromState: 'filed', toState: 'registered', before: { v: 1 }, after: { v: 2 } }),
    );
    const third = await append({
      ...entry(subject, 'reject', { fromState: 'registered', toState: 'inadmissible' }),
      actorId: null,
      actorRole: null,
      reason: 'ពាក្យបណ្តឹងហួសពេលកំណត់ (late)',
      at: new Date('2017-06-08T10:00:00.123Z'),
    });

    expect([first.seq, second.seq, third.seq]).toEqual([1, 2, 3]);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(third.prevHash).toBe(second.hash);
    expect(third).toMatchObject({ actorId: null, reason: 'ពាក្យបណ្តឹងហួសពេលកំណត់ (late)' });
    expect(third.at.toISOString()).toBe('2017-06-08T10:00:00.123Z');
    // The hash PostgreSQL computed is the one the specification (and any outside verifier) computes.
    for (const e of [first, second, third]) expect(e.hash).toBe(auditHash(e.prevHash, e));

    const history = await trail.history('case', subject);
    expect(history.map((e) => [e.seq, e.action])).toEqual([
      [1, 'submit'],
      [2, 'register'],
      [3, 'reject'],
    ]);
    expect(history[1]).toMatchObject({ before: { v: 1 }, after: { v: 2 }, fromState: 'filed', toState: 'registered' });
    expect(await trail.verifyChains({ subjectId: subject })).toEqual({
      subjectsChecked: 1,
      entriesChecked: 3,
      broken: [],
    });
  });

  it('keeps one chain per subject, and subjects of another type apart', async () => {
    const a = randomUUID();
    await tx.withTransaction(async () => {
      await trail.append(entry(a, 'submit'));
      await trail.append({ ...entry(a, 'order'), subjectType: 'recount' });
      await trail.append(entry(a, 'register'));
    });
    expect((await trail.history('case', a)).map((e) => e.seq)).toEqual([1, 2]);
    expect((await trail.history('recount', a)).map((e) => [e.seq, e.prevHash])).toEqual([[1, GENESIS_HASH]]);
    expect(await trail.verifyChains({ subjectId: a })).toMatchObject({ subjectsChecked: 2, entriesChecked: 3 });
    expect(await trail.verifyChains({ subjectId: a, subjectType: 'recount' })).toMatchObject({ entriesChecked: 1 });
  });

  it('hashes upper-case ids as PostgreSQL stores them', async () => {
    const subject = randomUUID().toUpperCase();
    const appended = await append(entry(subject, 'submit'));
    expect(appended.subjectId).toBe(subject.toLowerCase());
    expect((await trail.verifyChains({ subjectId: subject })).broken).toEqual([]);
  });

  it('keeps nested, unicode and numeric before/after values verifiable', async () => {
    const subject = randomUUID();
    await append(
      entry(subject, 'edit', {
        before: { description: { km: 'ការរាប់សន្លឹកឆ្នោតមិនត្រឹមត្រូវ', en: 'Miscount' }, stations: [101, 102] },
        after: { z: 1e21, a: 0.1, nested: [{ seq: 3, '😀': true }], when: new Date('2017-06-04T00:00:00Z') },
      }),
    );
    const [stored] = await trail.history('case', subject);
    expect(stored.after).toEqual({
      z: 1e21,
      a: 0.1,
      nested: [{ seq: 3, '😀': true }],
      when: '2017-06-04T00:00:00.000Z',
    });
    expect((await trail.verifyChains({ subjectId: subject })).broken).toEqual([]);
  });

  it('refuses to append outside a transaction, and a rolled-back change leaves no entry', async () => {
    const subject = randomUUID();
    await expect(async () => trail.append(entry(subject, 'submit'))).rejects.toThrow(TransactionNotActiveError);
    await expect(
      tx.withTransaction(async () => {
        await trail.append(entry(subject, 'submit'));
        throw new Error('the transition failed');
      }),
    ).rejects.toThrow('the transition failed');
    expect(await trail.history('case', subject)).toEqual([]);
    expect((await append(entry(subject, 'submit'))).seq).toBe(1);
  });

  it('the unique (subject, seq) index refuses a second entry with the same seq', async () => {
    const [e] = await trail.history('case', (await append(entry(randomUUID(), 'submit'))).subjectId);
    await expect(
      db.query(
        `INSERT INTO audit_entries (subject_type, subject_id, seq, action, at, prev_hash, hash)
         VALUES ('case', $1, 1, 'forged', now(), $2, 'x')`,
        [e.subjectId, GENESIS_HASH],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'audit_entries_subject_seq' });
  });

  it('UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    const e = await append(entry(randomUUID(), 'submit'));
    await expect(db.query(`UPDATE audit_entries SET action = 'forged' WHERE id = $1`, [e.id])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(db.query(`DELETE FROM audit_entries WHERE id = $1`, [e.id])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(db.query(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect((await trail.history('case', e.subjectId))[0]).toMatchObject({ action: 'submit', hash: e.hash });
  });

  it('reads the whole table in pages, across subjects', async () => {
    const subjects = [randomUUID(), randomUUID(), randomUUID()];
    await tx.withTransaction(async () => {
      for (let i = 0; i < 30; i += 1) await trail.append(entry(subjects[i % 3], `step-${i}`));
    });
    const all = await trail.verifyChains();
    const paged = await trail.verifyChains({ pageSize: 7 });
    expect(paged).toEqual(all);
    expect(all.broken).toEqual([]);
    expect(all.entriesChecked).toBeGreaterThanOrEqual(30);
  });

  describe('a tampered entry', () => {
    const victim = randomUUID();
    const bystander = randomUUID();

    beforeAll(async () => {
      for (const action of ['submit', 'register', 'assign', 'request_information']) {
        await append(entry(victim, action, { after: { state: action } }));
        await append(entry(bystander, action));
      }
      expect((await trail.verifyChains()).broken).toEqual([]);
      expect((await cli()).code).toBe(0);
    });

    it('is reported, and only it, by verifyChains and by the CLI (exit 1)', async () => {
      await tamper(`UPDATE audit_entries SET after = '{"state": "withdrawn"}' WHERE subject_id = $1 AND seq = 2`, [
        victim,
      ]);
      const expected = [{ subjectType: 'case', subjectId: victim, seq: 2, reason: 'hash does not match the entry' }];
      expect((await trail.verifyChains()).broken).toEqual(expected);
      expect((await trail.verifyChains({ subjectId: victim })).broken).toEqual(expected);
      expect((await trail.verifyChains({ subjectId: bystander })).broken).toEqual([]);

      const [all, one, other] = await Promise.all([cli(), cli('--subject', victim), cli('--subject', bystander)]);
      expect(all.code).toBe(1);
      expect(all.stdout).toMatch(/^BROKEN: 1 of \d+ entries of \d+ subjects in the audit trail fail verification:$/m);
      expect(all.stdout).toContain(`  case ${victim} seq 2: hash does not match the entry`);
      expect(all.stdout.trim().split('\n')).toHaveLength(2);

      expect(one.code).toBe(1);
      expect(one.stdout).toContain(`case ${victim} seq 2: hash does not match the entry`);

      expect(other.code).toBe(0);
      expect(other.stdout).toBe(
        `Verified the audit trail of subject ${bystander}: 4 entries of 1 subjects, every hash and link intact.\n`,
      );
    });

    it('whose hash was recomputed too breaks the link of the entry after it', async () => {
      const [, , third] = await trail.history('case', victim);
      const forged = auditHash(third.prevHash, { ...third, reason: 'forged' });
      await tamper(`UPDATE audit_entries SET reason = 'forged', hash = $2 WHERE id = $1`, [third.id, forged]);
      expect((await trail.verifyChains({ subjectId: victim })).broken).toEqual([
        { subjectType: 'case', subjectId: victim, seq: 2, reason: 'hash does not match the entry' },
        { subjectType: 'case', subjectId: victim, seq: 4, reason: 'prev_hash is not the hash of seq 3' },
      ]);
    });

    it('removed from the chain leaves a gap, and a changed time is seen below the millisecond', async () => {
      await tamper(`DELETE FROM audit_entries WHERE subject_id = $1 AND seq = 2`, [bystander]);
      await tamper(`UPDATE audit_entries SET at = at + interval '1 microsecond' WHERE subject_id = $1 AND seq = 4`, [
        bystander,
      ]);
      expect((await trail.verifyChains({ subjectId: bystander })).broken).toEqual([
        { subjectType: 'case', subjectId: bystander, seq: 3, reason: 'seq 3 follows seq 1: entries are missing' },
        {
          subjectType: 'case',
          subjectId: bystander,
          seq: 4,
          reason: 'hash does not match the entry (at has been altered)',
        },
      ]);
    });
  });

  describe('audit:verify --case', () => {
    it('finds the case by its reference when the database has cases, and says so when it has none', async () => {
      const [{ present }] = (await db.query(`SELECT to_regclass('cases') IS NOT NULL AS present`)).rows;
      if (present) return; // the cases library's own table: its tests file real cases
      const missing = await cli('--case', 'KH-2017-CC-000001');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('This database has no cases yet: use --subject ID.');

      await db.query(`CREATE TABLE cases (id uuid PRIMARY KEY, reference text UNIQUE)`);
      const id = randomUUID();
      await db.query(`INSERT INTO cases (id, reference) VALUES ($1, 'KH-2017-CC-000042')`, [id]);
      await append(entry(id, 'submit'));
      await append(entry(id, 'register'));
      const [found, unknown] = await Promise.all([
        cli('--case', 'KH-2017-CC-000042'),
        cli('--case', 'KH-2017-CC-999999'),
      ]);
      expect(found.stdout).toBe(
        'Verified the audit trail of case KH-2017-CC-000042: 2 entries of 1 subjects, every hash and link intact.\n',
      );
      expect(found.code).toBe(0);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('No case KH-2017-CC-999999.');
    });
  });
});
