import { MigrationInterface, QueryRunner } from 'typeorm';

/** An email that failed every attempt is kept on its notice, for an admin to see and send again. */
export class EmailFailures1796161800000 implements MigrationInterface {
  name = 'EmailFailures1796161800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "email_failed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "email_error" text`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "email_attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `CREATE INDEX "notifications_email_failures" ON "notifications" ("email_failed_at", "id") WHERE email_failed_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."notifications_email_failures"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_attempts"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_error"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_failed_at"`);
  }
}
