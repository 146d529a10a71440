import { MigrationInterface, QueryRunner } from 'typeorm';

export class ResultSheetsLeanerWrites1795526118882 implements MigrationInterface {
  name = 'ResultSheetsLeanerWrites1795526118882';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "result_sheets" DROP CONSTRAINT "FK_a8685106ad5ba4855d5c96e514b"`);
    await queryRunner.query(`ALTER TABLE "result_sheets" DROP CONSTRAINT "FK_b75b3dab715dce66f7ba038d2ff"`);
    // Same rule, cheaper to check: TypeORM does not compare CHECK expressions, so this is by hand.
    await queryRunner.query(`ALTER TABLE "result_sheets" DROP CONSTRAINT "result_sheets_source"`);
    await queryRunner.query(
      `ALTER TABLE "result_sheets" ADD CONSTRAINT "result_sheets_source" CHECK (source IN ('official_preliminary', 'official_final', 'observer', 'recount') OR source ~ '^party:[A-Z0-9][A-Z0-9_-]*$')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "result_sheets" DROP CONSTRAINT "result_sheets_source"`);
    await queryRunner.query(
      `ALTER TABLE "result_sheets" ADD CONSTRAINT "result_sheets_source" CHECK (source ~ '^(official_preliminary|official_final|observer|recount|party:[A-Z0-9][A-Z0-9_-]*)$')`,
    );
    await queryRunner.query(
      `ALTER TABLE "result_sheets" ADD CONSTRAINT "FK_b75b3dab715dce66f7ba038d2ff" FOREIGN KEY ("import_id") REFERENCES "result_imports"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "result_sheets" ADD CONSTRAINT "FK_a8685106ad5ba4855d5c96e514b" FOREIGN KEY ("election_id") REFERENCES "elections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
