import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersistenceModule } from '@app/platform';
import { AuditModule, AuditTrail, VerifyOptions } from '@app/audit';
import { CliError } from '../cli-error';

@Module({ imports: [PersistenceModule, AuditModule] })
class AuditCliModule {}

export interface AuditVerifyOptions {
  case?: string;
  subject?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `audit:verify`: recomputes every hash of the audit trail (or of one case's, one subject's) and
 * checks each entry follows the one before. Exit 0 when intact, 1 naming each broken entry.
 * Reads only; usage errors (exit 2) are thrown as CliError.
 */
export async function auditVerify(options: AuditVerifyOptions, log: (line: string) => void): Promise<number> {
  if (options.case !== undefined && options.subject !== undefined) {
    throw new CliError('Give --case or --subject, not both.');
  }
  if (options.subject !== undefined && !UUID.test(options.subject)) {
    throw new CliError(`--subject must be a UUID (got "${options.subject}").`);
  }
  const app = await NestFactory.createApplicationContext(AuditCliModule, { logger: ['error'] });
  try {
    const db = app.get<DataSource>(getDataSourceToken());
    const [{ audit }] = await db.query(`SELECT to_regclass('audit_entries') IS NOT NULL AS audit`);
    if (!audit) throw new CliError('The database has no audit trail yet: run `npm run cli -- migrate` first.');
    const scope: VerifyOptions = {};
    let what = 'the audit trail';
    if (options.subject !== undefined) {
      scope.subjectId = options.subject;
      what = `the audit trail of subject ${options.subject}`;
    } else if (options.case !== undefined) {
      scope.subjectType = 'case';
      scope.subjectId = await caseId(db, options.case);
      what = `the audit trail of case ${options.case}`;
    }
    const report = await app.get(AuditTrail).verifyChains(scope);
    const counted = `${report.entriesChecked} entries of ${report.subjectsChecked} subjects`;
    if (report.broken.length === 0) {
      log(`Verified ${what}: ${counted}, every hash and link intact.`);
      return 0;
    }
    log(`BROKEN: ${report.broken.length} of ${counted} in ${what} fail verification:`);
    for (const b of report.broken) log(`  ${b.subjectType} ${b.subjectId} seq ${b.seq}: ${b.reason}`);
    return 1;
  } finally {
    await app.close();
  }
}

/** A case reference's id, when this database has cases (the cases library may not be migrated yet). */
async function caseId(db: DataSource, reference: string): Promise<string> {
  const [{ present }] = await db.query(
    `SELECT count(*) = 2 AS present FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'cases' AND column_name IN ('id', 'reference')`,
  );
  if (!present) throw new CliError('This database has no cases yet: use --subject ID.');
  const rows: { id: string }[] = await db.query(`SELECT id FROM cases WHERE reference = $1`, [reference]);
  if (rows.length === 0) throw new CliError(`No case ${reference}.`);
  return rows[0].id;
}
