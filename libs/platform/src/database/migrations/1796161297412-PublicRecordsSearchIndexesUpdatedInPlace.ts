import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public search's two GIN indexes (full text and trigrams) without a pending list: with
 * `fastupdate` on, new entries wait in an unsorted list that every search reads through, until a
 * vacuum merges them (10,000 records inserted left 250 and 390 pending pages, and a one-word search
 * read them all). A public record is written once and read many times, so each publication now
 * updates the indexes in place, and what is pending is merged now.
 */
export class PublicRecordsSearchIndexesUpdatedInPlace1796161297412 implements MigrationInterface {
  name = 'PublicRecordsSearchIndexesUpdatedInPlace1796161297412';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "public_records_search" SET (fastupdate = off)`);
    await queryRunner.query(`ALTER INDEX "public_records_search_text" SET (fastupdate = off)`);
    await queryRunner.query(
      `SELECT gin_clean_pending_list('public_records_search'::regclass), gin_clean_pending_list('public_records_search_text'::regclass)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "public_records_search_text" RESET (fastupdate)`);
    await queryRunner.query(`ALTER INDEX "public_records_search" RESET (fastupdate)`);
  }
}
