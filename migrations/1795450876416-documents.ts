import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Documents1795450876416 implements MigrationInterface {
  name = 'Documents1795450876416';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."document_parent" AS ENUM('GROUP', 'NEED')`);
    await queryRunner.query(`CREATE TYPE "public"."document_kind" AS ENUM('NEED_DESCRIPTION', 'REQUIREMENT_SPECIFICATION', 'MARKET_DIALOGUE_SUMMARY', 'MANDATE', 'CONTRACT', 'OTHER')`);
    await queryRunner.query(`CREATE TYPE "public"."document_language" AS ENUM('nb', 'nn', 'sv', 'en')`);
    await queryRunner.query(`CREATE TYPE "public"."document_visibility" AS ENUM('GROUP', 'PUBLISHED')`);
    await queryRunner.query(`CREATE TABLE "document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "parent_type" "public"."document_parent" NOT NULL, "parent_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "kind" "public"."document_kind" NOT NULL, "language" "public"."document_language" NOT NULL, "visibility" "public"."document_visibility" NOT NULL DEFAULT 'GROUP', "current_version" integer NOT NULL DEFAULT '0', "deleted_at" TIMESTAMP(3) WITH TIME ZONE, "created_by_user_id" uuid NOT NULL, "created_by_organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e57d3357f83f3cdc0acffc3d777" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_document_group" ON "document"  ("group_id") `);
    await queryRunner.query(`CREATE INDEX "ix_document_parent" ON "document"  ("parent_type", "parent_id") `);
    await queryRunner.query(`CREATE TYPE "public"."version_content" AS ENUM('TEXT', 'FILE')`);
    await queryRunner.query(`CREATE TABLE "document_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "number" integer NOT NULL, "content" "public"."version_content" NOT NULL, "text" text, "blob_id" uuid, "file_name" character varying(255), "media_type" character varying(120) NOT NULL, "size" bigint NOT NULL, "sha256" character varying(64) NOT NULL, "change_note" character varying(500) NOT NULL DEFAULT '', "author_user_id" uuid NOT NULL, "author_organisation_id" uuid NOT NULL, "search_vector" tsvector, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_document_version_number" UNIQUE ("document_id", "number"), CONSTRAINT "PK_a4c39c95456c5dbb2e96cca713c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_document_version_search" ON "document_version" USING gin ("search_vector") `);
    await queryRunner.query(`CREATE TABLE "file_blob" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(10) NOT NULL DEFAULT 'UPLOADING', "file_name" character varying(255) NOT NULL, "size" bigint NOT NULL DEFAULT '0', "sha256" character varying(64), "media_type" character varying(120), "uploaded_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_428d8363a959f78192f1da89cdb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "file_chunk" ("blob_id" uuid NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_2a299f4bf24b6efe0e15dc29900" PRIMARY KEY ("blob_id", "seq"))`);
    await queryRunner.query(`ALTER TABLE "document" ADD CONSTRAINT "fk_document_group" FOREIGN KEY ("group_id") REFERENCES "buyer_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "document_version" ADD CONSTRAINT "fk_document_version_document" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "file_chunk" ADD CONSTRAINT "fk_file_chunk_blob" FOREIGN KEY ("blob_id") REFERENCES "file_blob"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "file_chunk" DROP CONSTRAINT "fk_file_chunk_blob"`);
    await queryRunner.query(`ALTER TABLE "document_version" DROP CONSTRAINT "fk_document_version_document"`);
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "fk_document_group"`);
    await queryRunner.query(`DROP TABLE "file_chunk"`);
    await queryRunner.query(`DROP TABLE "file_blob"`);
    await queryRunner.query(`DROP INDEX "public"."ix_document_version_search"`);
    await queryRunner.query(`DROP TABLE "document_version"`);
    await queryRunner.query(`DROP TYPE "public"."version_content"`);
    await queryRunner.query(`DROP INDEX "public"."ix_document_parent"`);
    await queryRunner.query(`DROP INDEX "public"."ix_document_group"`);
    await queryRunner.query(`DROP TABLE "document"`);
    await queryRunner.query(`DROP TYPE "public"."document_visibility"`);
    await queryRunner.query(`DROP TYPE "public"."document_language"`);
    await queryRunner.query(`DROP TYPE "public"."document_kind"`);
    await queryRunner.query(`DROP TYPE "public"."document_parent"`);
  }
}
