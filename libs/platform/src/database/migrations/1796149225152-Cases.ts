import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cases1796149225152 implements MigrationInterface {
  name = 'Cases1796149225152';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "election_id" integer NOT NULL, "reference" text, "number" integer, "kind" text NOT NULL, "category" text NOT NULL, "title" text, "description" text, "incident_date" date, "requested_remedy" text, "complainant_kind" text NOT NULL, "complainant_party_code" text, "complainant_organisation" text, "respondent_party_code" text, "created_by" uuid NOT NULL, "state" text NOT NULL, "version" integer NOT NULL DEFAULT '1', "province_codes" text array NOT NULL DEFAULT '{}', "materiality" double precision, "materiality_units" jsonb NOT NULL DEFAULT '[]', "late" boolean NOT NULL DEFAULT false, "overdue" boolean NOT NULL DEFAULT false, "due_at" TIMESTAMP WITH TIME ZONE, "assignee_id" uuid, "hearing" jsonb, "appeal" jsonb, "closing_reason" text, "merged_into_id" uuid, "pauses" jsonb NOT NULL DEFAULT '[]', "filed_at" TIMESTAMP WITH TIME ZONE, "registered_at" TIMESTAMP WITH TIME ZONE, "information_requested_at" TIMESTAMP WITH TIME ZONE, "decided_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "cases_filed_has_reference" CHECK (state IN ('draft', 'withdrawn') OR reference IS NOT NULL), CONSTRAINT "cases_complainant_kind" CHECK (complainant_kind IN ('party', 'observer', 'voter')), CONSTRAINT "cases_requested_remedy" CHECK (requested_remedy IS NULL OR requested_remedy IN ('recount', 'result_correction', 'annulment', 'other')), CONSTRAINT "cases_category" CHECK (category IN ('counting_irregularity', 'invalid_ballots', 'result_sheet_discrepancy', 'voter_list', 'intimidation', 'vote_buying', 'campaign_violation', 'procedure', 'other')), CONSTRAINT "cases_kind" CHECK (kind IN ('complaint', 'recount_request')), CONSTRAINT "cases_state" CHECK (state IN ('draft', 'filed', 'registered', 'under_review', 'awaiting_information', 'hearing_scheduled', 'decision_proposed', 'decided', 'published', 'appealed', 'appeal_decided', 'inadmissible', 'withdrawn', 'merged', 'closed')), CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "cases_due" ON "cases"  ("due_at", "id") `);
    await queryRunner.query(`CREATE INDEX "cases_materiality" ON "cases"  ("materiality", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "cases_election_number" ON "cases"  ("election_id", "number") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "cases_reference" ON "cases"  ("reference") `);
    // Provincial officers' lists filter on the provinces a case touches.
    await queryRunner.query(`CREATE INDEX "cases_provinces" ON "cases" USING gin ("province_codes")`);
    await queryRunner.query(
      `CREATE TABLE "case_stations" ("case_id" uuid NOT NULL, "station_id" integer NOT NULL, "snapshot" jsonb NOT NULL DEFAULT '[]', "snapshot_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b5ec3b6e92e89e96b03d8ac6da7" PRIMARY KEY ("case_id", "station_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "case_stations_station" ON "case_stations"  ("station_id") `);
    await queryRunner.query(
      `CREATE TABLE "case_sequences" ("election_id" integer NOT NULL, "last_number" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_ee363426b26c8fd2f9c2436dc69" PRIMARY KEY ("election_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "outcome" text NOT NULL, "findings" text NOT NULL, "reasoning" text NOT NULL, "legal_basis" text array NOT NULL DEFAULT '{}', "remedies" jsonb NOT NULL DEFAULT '[]', "amends_id" uuid, "drafted_by" uuid NOT NULL, "proposed_by" uuid, "proposed_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "published_by" uuid, "published_at" TIMESTAMP WITH TIME ZONE, "return_comments" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "decisions_outcome" CHECK (outcome IN ('upheld', 'partially_upheld', 'dismissed', 'inadmissible')), CONSTRAINT "PK_48eee6fa229cd5e43648f6a2ec3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "decisions_case" ON "decisions"  ("case_id") WHERE amends_id IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "case_evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "uploaded_by" uuid NOT NULL, "file_name" text NOT NULL, "media_type" text NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, "stored_as" text NOT NULL, "description" text, "public" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7e55406e1eb2dce1502f4e1f634" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "case_evidence_case" ON "case_evidence"  ("case_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "case_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "author_id" uuid NOT NULL, "visibility" text NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "case_notes_visibility" CHECK (visibility IN ('internal', 'complainant')), CONSTRAINT "PK_474011f166285b8da9a653af5c5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "case_notes_case" ON "case_notes"  ("case_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "recounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "station_id" integer NOT NULL, "state" text NOT NULL, "version" integer NOT NULL DEFAULT '1', "ordered_by" uuid NOT NULL, "scheduled_at" TIMESTAMP WITH TIME ZONE, "place" text, "sheet_id" bigint, "replaced_sheet_id" bigint, "cancel_reason" text, "certified_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "recounts_state" CHECK (state IN ('ordered', 'scheduled', 'counted', 'certified', 'cancelled')), CONSTRAINT "PK_ea2915c892dd05fb7b9e222df75" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "recounts_case" ON "recounts"  ("case_id") `);
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_5dd3ff2067d01494f1f56a10f39" FOREIGN KEY ("election_id") REFERENCES "elections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_stations" ADD CONSTRAINT "FK_720681bb7f5c408b8077b2c3586" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_stations" ADD CONSTRAINT "FK_96804519f4556b6581ac7baf40c" FOREIGN KEY ("station_id") REFERENCES "polling_stations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "decisions" ADD CONSTRAINT "FK_3b2233377205f3b08d671968a91" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_evidence" ADD CONSTRAINT "FK_3a9c4f87d3146ebab13d1d9cad7" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_notes" ADD CONSTRAINT "FK_4d26581343306e406774e5c9c8c" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recounts" ADD CONSTRAINT "FK_fc3272d0087d8f470359d59c23f" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recounts" ADD CONSTRAINT "FK_cf0ac95b17d1459018ab70a1499" FOREIGN KEY ("station_id") REFERENCES "polling_stations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recounts" DROP CONSTRAINT "FK_cf0ac95b17d1459018ab70a1499"`);
    await queryRunner.query(`ALTER TABLE "recounts" DROP CONSTRAINT "FK_fc3272d0087d8f470359d59c23f"`);
    await queryRunner.query(`ALTER TABLE "case_notes" DROP CONSTRAINT "FK_4d26581343306e406774e5c9c8c"`);
    await queryRunner.query(`ALTER TABLE "case_evidence" DROP CONSTRAINT "FK_3a9c4f87d3146ebab13d1d9cad7"`);
    await queryRunner.query(`ALTER TABLE "decisions" DROP CONSTRAINT "FK_3b2233377205f3b08d671968a91"`);
    await queryRunner.query(`ALTER TABLE "case_stations" DROP CONSTRAINT "FK_96804519f4556b6581ac7baf40c"`);
    await queryRunner.query(`ALTER TABLE "case_stations" DROP CONSTRAINT "FK_720681bb7f5c408b8077b2c3586"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "FK_5dd3ff2067d01494f1f56a10f39"`);
    await queryRunner.query(`DROP INDEX "public"."recounts_case"`);
    await queryRunner.query(`DROP TABLE "recounts"`);
    await queryRunner.query(`DROP INDEX "public"."case_notes_case"`);
    await queryRunner.query(`DROP TABLE "case_notes"`);
    await queryRunner.query(`DROP INDEX "public"."case_evidence_case"`);
    await queryRunner.query(`DROP TABLE "case_evidence"`);
    await queryRunner.query(`DROP INDEX "public"."decisions_case"`);
    await queryRunner.query(`DROP TABLE "decisions"`);
    await queryRunner.query(`DROP TABLE "case_sequences"`);
    await queryRunner.query(`DROP INDEX "public"."case_stations_station"`);
    await queryRunner.query(`DROP TABLE "case_stations"`);
    await queryRunner.query(`DROP INDEX "public"."cases_provinces"`);
    await queryRunner.query(`DROP INDEX "public"."cases_reference"`);
    await queryRunner.query(`DROP INDEX "public"."cases_election_number"`);
    await queryRunner.query(`DROP INDEX "public"."cases_materiality"`);
    await queryRunner.query(`DROP INDEX "public"."cases_due"`);
    await queryRunner.query(`DROP TABLE "cases"`);
  }
}
