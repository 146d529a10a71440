import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditEntries1796148971072 implements MigrationInterface {
  name = 'AuditEntries1796148971072';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_entries" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "subject_type" text NOT NULL, "subject_id" uuid NOT NULL, "seq" integer NOT NULL, "actor_id" uuid, "actor_role" text, "action" text NOT NULL, "from_state" text, "to_state" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "before" jsonb, "after" jsonb, "reason" text, "prev_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "audit_entries_subject_seq" UNIQUE ("subject_type", "subject_id", "seq"), CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`,
    );
    // Append-only: the database itself refuses to change or remove an entry, whatever the code does.
    await queryRunner.query(
      `CREATE FUNCTION "audit_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_entries_append_only" BEFORE UPDATE OR DELETE ON "audit_entries"
       FOR EACH ROW EXECUTE FUNCTION "audit_entries_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
       FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_append_only"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_entries"`);
    await queryRunner.query(`DROP FUNCTION "audit_entries_append_only"()`);
  }
}
