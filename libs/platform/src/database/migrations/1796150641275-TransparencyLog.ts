import { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['transparency_leaves', 'transparency_nodes', 'transparency_checkpoints', 'transparency_keys'];

export class TransparencyLog1796150641275 implements MigrationInterface {
  name = 'TransparencyLog1796150641275';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "transparency_checkpoints" ("tree_size" bigint NOT NULL, "root_hash" bytea NOT NULL, "note" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eef65fad9f16c3b26861130673d" PRIMARY KEY ("tree_size"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "transparency_leaves" ("index" bigint NOT NULL, "kind" text NOT NULL, "reference" text NOT NULL, "leaf" text NOT NULL, "leaf_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "transparency_leaves_kind" CHECK (kind IN ('decision', 'amendment', 'recount')), CONSTRAINT "PK_865fb950e06d4f44731e8f60326" PRIMARY KEY ("index"))`,
    );
    await queryRunner.query(`CREATE INDEX "transparency_leaves_leaf_hash" ON "transparency_leaves" ("leaf_hash") `);
    await queryRunner.query(
      `CREATE TABLE "transparency_keys" ("name" text NOT NULL, "private_key" bytea NOT NULL, "public_key" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9cabe819241fcdc729ae02ffea7" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "transparency_nodes" ("level" smallint NOT NULL, "index" bigint NOT NULL, "hash" bytea NOT NULL, CONSTRAINT "PK_f90e51b1a2f1d746fb6dac76058" PRIMARY KEY ("level", "index"))`,
    );
    // Append-only: the database itself refuses to change or remove the log, whatever the code does.
    await queryRunner.query(
      `CREATE FUNCTION "transparency_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
       END $$`,
    );
    for (const table of APPEND_ONLY) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
         FOR EACH ROW EXECUTE FUNCTION "transparency_append_only"()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION "transparency_append_only"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "transparency_nodes"`);
    await queryRunner.query(`DROP TABLE "transparency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."transparency_leaves_leaf_hash"`);
    await queryRunner.query(`DROP TABLE "transparency_leaves"`);
    await queryRunner.query(`DROP TABLE "transparency_checkpoints"`);
    await queryRunner.query(`DROP FUNCTION "transparency_append_only"()`);
  }
}
