import { DataSource, QueryFailedError } from 'typeorm';
import { dataSourceOptions, preparedQuery } from '@app/platform';
import { caseColumns } from '@app/cases/case-row';
import { statementName } from '@app/platform/database/prepared-query';
import { createTestDatabase, dropTestDatabase } from './support/test-database';

const NO_CASE = '00000000-0000-4000-8000-000000000000';

/** The statements of every request are prepared once per connection (`preparedQuery`). */
describe('prepared statements', () => {
  let url: string;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    db = await new DataSource(dataSourceOptions(url)).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await dropTestDatabase(url);
  });

  it('a statement is prepared once on its connection under its text’s name, and answers each run', async () => {
    const text = `SELECT $1::int + 1 AS next`;
    await db.transaction(async (manager) => {
      expect(await preparedQuery(manager, text, [1])).toEqual([{ next: 2 }]);
      expect(await preparedQuery(manager, text, [41])).toEqual([{ next: 42 }]);
      const prepared: { name: string; statement: string }[] = await manager.query(
        `SELECT name, statement FROM pg_prepared_statements`,
      );
      expect(prepared).toEqual([{ name: statementName(text), statement: text }]);
    });
  });

  it('two texts never share a name, and a text keeps its name', () => {
    expect(statementName('SELECT 1')).toBe(statementName('SELECT 1'));
    expect(statementName('SELECT 1')).not.toBe(statementName('SELECT 2'));
    expect(statementName('SELECT 1').length).toBeLessThanOrEqual(63); // NAMEDATALEN - 1
  });

  it('a failing statement is a QueryFailedError with its SQLSTATE, as any query of TypeORM', async () => {
    const failure = await preparedQuery(db.manager, `SELECT $1::int AS n`, ['not a number']).catch((e) => e);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22P02');
  });

  it('a column a migration adds leaves a statement that names its columns running as it was', async () => {
    const runner = db.createQueryRunner();
    try {
      const named = `SELECT ${caseColumns(db.manager, 'c')} FROM cases c WHERE c.id = $1`;
      await preparedQuery(runner.manager, named, [NO_CASE]);
      const name = statementName(named);
      await db.query(`ALTER TABLE cases ADD COLUMN added_later text`);
      try {
        expect(await preparedQuery(runner.manager, named, [NO_CASE])).toEqual([]);
        expect(statementName(named)).toBe(name); // nothing went stale
      } finally {
        await db.query(`ALTER TABLE cases DROP COLUMN added_later`);
      }
    } finally {
      await runner.release();
    }
  });

  it('a statement a migration left stale is prepared again: at once outside a transaction, next time inside one', async () => {
    const runner = db.createQueryRunner();
    const text = `SELECT c.id, c.title FROM cases c WHERE c.id = $1`;
    try {
      await preparedQuery(runner.manager, text, [NO_CASE]);
      const before = statementName(text);
      await db.query(`ALTER TABLE cases ALTER COLUMN title TYPE varchar(500)`);
      expect(await preparedQuery(runner.manager, text, [NO_CASE])).toEqual([]);
      expect(statementName(text)).not.toBe(before);

      await db.query(`ALTER TABLE cases ALTER COLUMN title TYPE text`);
      await runner.startTransaction();
      const failure = await preparedQuery(runner.manager, text, [NO_CASE]).catch((e) => e);
      expect(failure).toBeInstanceOf(QueryFailedError);
      expect(String(failure.message)).toMatch(/cached plan must not change result type/);
      await runner.rollbackTransaction();
      await runner.startTransaction();
      expect(await preparedQuery(runner.manager, text, [NO_CASE])).toEqual([]);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
