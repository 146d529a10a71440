import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports write fewer things per sheet: no station foreign key (an import checks every station
 * before it writes; a trigger on polling_stations removes their sheets instead of the cascade), and
 * one current-version index on (election, source, station) instead of two. Observer organisations
 * get their own sources (`observer:<ORG>`). CLI imports say they are run by the CLI, so that the
 * worker's sweeper can fail the ones whose process died.
 */
export class ResultSheetsFasterImports1796149132656 implements MigrationInterface {
  name = 'ResultSheetsFasterImports1796149132656';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "result_sheets" DROP CONSTRAINT "FK_b56a1d2c2d8146ef2ce454f89eb"`);
    await queryRunner.query(
      `CREATE FUNCTION "result_sheets_follow_stations"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM result_sheets WHERE station_id IN (SELECT id FROM gone);
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "result_sheets_follow_stations" AFTER DELETE ON "polling_stations"
       REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "result_sheets_follow_stations"()`,
    );
    await queryRunner.query(`DROP INDEX "public"."result_sheets_current"`);
    await queryRunner.query(`DROP INDEX "public"."result_sheets_election_source"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "result_sheets_current" ON "result_sheets" ("election_id", "source", "station_id") WHERE is_current`,
    );
    // TypeORM does not compare CHECK expressions: kept in step with the entity by hand.
    await queryRunner.query(`ALTER TABLE "result_sheets" DROP CONSTRAINT "result_sheets_source"`);
    await queryRunner.query(
      `ALTER TABLE "result_sheets" ADD CONSTRAINT "result_sheets_source" CHECK (source IN ('official_preliminary', 'official_final', 'observer', 'recount') OR source ~ '^(party|observer):[A-Z0-9][A-Z0-9_-]*$')`,
    );
    await queryRunner.query(`ALTER TABLE "result_imports" ADD "runner" text NOT NULL DEFAULT 'worker'`);
    await queryRunner.query(
      `ALTER TABLE "result_imports" ADD CONSTRAINT "result_imports_runner" CHECK (runner IN ('worker', 'cli'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "result_imports" DROP CONSTRAINT "result_imports_runner"`);
    await queryRunner.query(`ALTER TABLE "result_imports" DROP COLUMN "runner"`);
    await queryRunner.query(`ALTER TABLE "result_sheets" DROP CONSTRAINT "result_sheets_source"`);
    await queryRunner.query(
      `ALTER TABLE "result_sheets" ADD CONSTRAINT "result_sheets_source" CHECK (source IN ('official_preliminary', 'official_final', 'observer', 'recount') OR source ~ '^party:[A-Z0-9][A-Z0-9_-]*$')`,
    );
    await queryRunner.query(`DROP INDEX "public"."result_sheets_current"`);
    await queryRunner.query(
      `CREATE INDEX "result_sheets_election_source" ON "result_sheets" ("election_id", "source") WHERE is_current`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "result_sheets_current" ON "result_sheets" ("station_id", "source") WHERE is_current`,
    );
    await queryRunner.query(`DROP TRIGGER "result_sheets_follow_stations" ON "polling_stations"`);
    await queryRunner.query(`DROP FUNCTION "result_sheets_follow_stations"()`);
    await queryRunner.query(
      `ALTER TABLE "result_sheets" ADD CONSTRAINT "FK_b56a1d2c2d8146ef2ce454f89eb" FOREIGN KEY ("station_id") REFERENCES "polling_stations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
