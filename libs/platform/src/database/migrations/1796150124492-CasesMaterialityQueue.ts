import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The officers' queue (`GET /api/v1/cases?sort=materiality`) orders by
 * `coalesce(materiality, -1) DESC, id DESC`: an index on (materiality, id) cannot serve that order
 * (unmeasured cases sort as -1, and NULLs would come first descending), so every page sorted the whole
 * table. This one matches the ORDER BY and the keyset condition, and replaces the old one.
 */
export class CasesMaterialityQueue1796150124492 implements MigrationInterface {
  name = 'CasesMaterialityQueue1796150124492';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."cases_materiality"`);
    await queryRunner.query(
      `CREATE INDEX "cases_materiality_queue" ON "cases" ((coalesce("materiality", -1)) DESC, "id" DESC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."cases_materiality_queue"`);
    await queryRunner.query(`CREATE INDEX "cases_materiality" ON "cases" ("materiality", "id") `);
  }
}
