import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PublicRecords1796543629310 implements MigrationInterface {
  name = 'PublicRecords1796543629310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."case_scope" AS ENUM('PROCUREMENT', 'GROUP')`);
    await queryRunner.query(`CREATE TABLE "record_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "scope" "public"."case_scope" NOT NULL, "scope_id" uuid NOT NULL, "year" integer NOT NULL, "sequence" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_record_case_number" UNIQUE ("organisation_id", "year", "sequence"), CONSTRAINT "uq_record_case_scope" UNIQUE ("organisation_id", "scope", "scope_id"), CONSTRAINT "PK_fcd8fffe463cb10cee4d8598e39" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TYPE "public"."record_subject" AS ENUM('MESSAGE', 'DOCUMENT', 'DECISION')`);
    await queryRunner.query(`CREATE TYPE "public"."record_direction" AS ENUM('RECEIVED', 'SENT', 'INTERNAL')`);
    await queryRunner.query(`CREATE TYPE "public"."access_classification" AS ENUM('PUBLIC', 'EXEMPT')`);
    await queryRunner.query(`CREATE TABLE "record_mark" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "case_id" uuid NOT NULL, "subject" "public"."record_subject" NOT NULL, "subject_id" uuid NOT NULL, "document_version" integer, "journal_year" integer NOT NULL, "journal_sequence" integer NOT NULL, "case_position" integer NOT NULL, "direction" "public"."record_direction" NOT NULL, "title" character varying(300) NOT NULL, "counterparts" text NOT NULL, "classification" "public"."access_classification" NOT NULL, "legal_basis" character varying(60), "marked_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "changed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "uq_record_mark_journal" UNIQUE ("organisation_id", "journal_year", "journal_sequence"), CONSTRAINT "uq_record_mark_subject" UNIQUE ("organisation_id", "subject", "subject_id"), CONSTRAINT "ck_record_mark_basis" CHECK ("classification" = 'PUBLIC' OR "legal_basis" IS NOT NULL), CONSTRAINT "PK_dacd74e5040b292a7cfce3944be" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_record_mark_journal_date" ON "record_mark"  ("organisation_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_record_mark_subject" ON "record_mark"  ("subject", "subject_id") `);
    await queryRunner.query(`CREATE TABLE "record_counter" ("organisation_id" uuid NOT NULL, "series" character varying(10) NOT NULL, "year" integer NOT NULL, "value" integer NOT NULL, CONSTRAINT "PK_c92669b238c6c2d6399ae889870" PRIMARY KEY ("organisation_id", "series", "year"))`);
    await queryRunner.query(`ALTER TABLE "record_case" ADD CONSTRAINT "fk_record_case_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "record_mark" ADD CONSTRAINT "fk_record_mark_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "record_mark" ADD CONSTRAINT "fk_record_mark_case" FOREIGN KEY ("case_id") REFERENCES "record_case"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "record_mark" DROP CONSTRAINT "fk_record_mark_case"`);
    await queryRunner.query(`ALTER TABLE "record_mark" DROP CONSTRAINT "fk_record_mark_organisation"`);
    await queryRunner.query(`ALTER TABLE "record_case" DROP CONSTRAINT "fk_record_case_organisation"`);
    await queryRunner.query(`DROP TABLE "record_counter"`);
    await queryRunner.query(`DROP INDEX "public"."ix_record_mark_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_record_mark_journal_date"`);
    await queryRunner.query(`DROP TABLE "record_mark"`);
    await queryRunner.query(`DROP TYPE "public"."access_classification"`);
    await queryRunner.query(`DROP TYPE "public"."record_direction"`);
    await queryRunner.query(`DROP TYPE "public"."record_subject"`);
    await queryRunner.query(`DROP TABLE "record_case"`);
    await queryRunner.query(`DROP TYPE "public"."case_scope"`);
  }
}
