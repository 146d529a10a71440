import { MigrationInterface, QueryRunner } from 'typeorm';

export class DecisionRemedies1796153396266 implements MigrationInterface {
  name = 'DecisionRemedies1796153396266';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "decision_remedies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "decision_id" uuid NOT NULL, "case_id" uuid NOT NULL, "kind" text NOT NULL, "station_codes" text array NOT NULL, "recount_ids" uuid array NOT NULL DEFAULT '{}', "sheet_ids" bigint array NOT NULL DEFAULT '{}', "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "decision_remedies_kind" CHECK (kind IN ('recount', 'result_correction', 'annulment')), CONSTRAINT "PK_1b9d9c9feae74bcbedf36c35571" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "decision_remedies_case" ON "decision_remedies"  ("case_id") `);
    await queryRunner.query(`ALTER TABLE "decisions" ADD "amendment_reason" text`);
    await queryRunner.query(`ALTER TABLE "decisions" ADD "amendment_number" integer`);
    await queryRunner.query(
      `ALTER TABLE "decision_remedies" ADD CONSTRAINT "FK_e03e6656505b6c89776364d8b23" FOREIGN KEY ("decision_id") REFERENCES "decisions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "decision_remedies" ADD CONSTRAINT "FK_71ae859084f8f19301ad87c5d6f" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "decision_remedies" DROP CONSTRAINT "FK_71ae859084f8f19301ad87c5d6f"`);
    await queryRunner.query(`ALTER TABLE "decision_remedies" DROP CONSTRAINT "FK_e03e6656505b6c89776364d8b23"`);
    await queryRunner.query(`ALTER TABLE "decisions" DROP COLUMN "amendment_number"`);
    await queryRunner.query(`ALTER TABLE "decisions" DROP COLUMN "amendment_reason"`);
    await queryRunner.query(`DROP INDEX "public"."decision_remedies_case"`);
    await queryRunner.query(`DROP TABLE "decision_remedies"`);
  }
}
