import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795446892805 implements MigrationInterface {
  name = 'Init1795446892805';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "auth_throttle" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT '0', "expire" bigint, CONSTRAINT "PK_4c7fca5065c568fa2bae24a1d26" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE TYPE "public"."organisation_kind" AS ENUM('MUNICIPALITY', 'COUNTY', 'STATE_AGENCY', 'PUBLIC_COMPANY', 'SUPPLIER')`);
    await queryRunner.query(`CREATE TYPE "public"."country" AS ENUM('NO', 'SE', 'DK', 'FI')`);
    await queryRunner.query(`CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "kind" "public"."organisation_kind" NOT NULL, "country" "public"."country" NOT NULL, "organisation_number" character varying(20) NOT NULL, "municipality_code" character varying(4), "email_domains" character varying(253) array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_organisation_country_number" UNIQUE ("country", "organisation_number"), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_organisation_name" ON "organisation"  ("name") `);
    await queryRunner.query(`CREATE TYPE "public"."locale" AS ENUM('nb', 'sv', 'en')`);
    await queryRunner.query(`CREATE TABLE "user_account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "display_name" character varying(120) NOT NULL, "organisation_id" uuid NOT NULL, "locale" "public"."locale" NOT NULL DEFAULT 'en', "is_admin" boolean NOT NULL DEFAULT false, "password_hash" character varying(255) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6acfec7285fdf9f463462de3e9f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_user_email" ON "user_account"  ("email") `);
    await queryRunner.query(`CREATE INDEX "ix_user_organisation" ON "user_account"  ("organisation_id") `);
    await queryRunner.query(`CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_session_user" ON "session"  ("user_id") `);
    await queryRunner.query(`CREATE TYPE "public"."focus_area" AS ENUM('TRANSPORT', 'HEALTH_AND_CARE', 'WELFARE_TECHNOLOGY', 'BUILT_ENVIRONMENT', 'ENERGY', 'DIGITAL_SERVICES', 'EDUCATION', 'FOOD', 'CIRCULAR_ECONOMY', 'OTHER')`);
    await queryRunner.query(`CREATE TYPE "public"."group_visibility" AS ENUM('LISTED', 'UNLISTED')`);
    await queryRunner.query(`CREATE TYPE "public"."group_status" AS ENUM('FORMING', 'ACTIVE', 'ARCHIVED')`);
    await queryRunner.query(`CREATE TABLE "buyer_group" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "focus_area" "public"."focus_area" NOT NULL, "cpv_codes" character varying(8) array NOT NULL DEFAULT '{}', "visibility" "public"."group_visibility" NOT NULL, "status" "public"."group_status" NOT NULL DEFAULT 'FORMING', "created_by_organisation_id" uuid NOT NULL, "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b2d55864b8e12abc817518c2a27" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_buyer_group_name" ON "buyer_group"  ("name") `);
    await queryRunner.query(`CREATE TYPE "public"."membership_role" AS ENUM('COORDINATOR', 'MEMBER', 'OBSERVER')`);
    await queryRunner.query(`CREATE TYPE "public"."membership_status" AS ENUM('INVITED', 'REQUESTED', 'ACTIVE', 'LEFT')`);
    await queryRunner.query(`CREATE TABLE "membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "role" "public"."membership_role" NOT NULL, "status" "public"."membership_status" NOT NULL, "message" character varying(1000), "invited_by_user_id" uuid, "joined_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_membership_group_organisation" UNIQUE ("group_id", "organisation_id"), CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_membership_organisation" ON "membership"  ("organisation_id") `);
    await queryRunner.query(`CREATE TYPE "public"."need_status" AS ENUM('DRAFT', 'OPEN', 'CONSOLIDATED', 'CLOSED')`);
    await queryRunner.query(`CREATE TABLE "shared_need" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "problem" text NOT NULL, "intended_effects" text NOT NULL DEFAULT '', "success_criteria" text NOT NULL DEFAULT '', "cpv_codes" character varying(8) array NOT NULL DEFAULT '{}', "status" "public"."need_status" NOT NULL, "organisation_id" uuid NOT NULL, "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b6544a2b78365c2d69b791867df" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_shared_need_group" ON "shared_need"  ("group_id") `);
    await queryRunner.query(`CREATE TYPE "public"."currency" AS ENUM('NOK', 'SEK', 'DKK', 'EUR')`);
    await queryRunner.query(`CREATE TYPE "public"."priority" AS ENUM('LOW', 'MEDIUM', 'HIGH')`);
    await queryRunner.query(`CREATE TABLE "need_interest" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "need_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "quantity" numeric(14,3), "unit" character varying(40), "annual_value" numeric(16,2), "currency" "public"."currency", "wanted_start" date, "priority" "public"."priority" NOT NULL DEFAULT 'MEDIUM', "comment" character varying(2000), "updated_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_need_interest_need_organisation" UNIQUE ("need_id", "organisation_id"), CONSTRAINT "ck_need_interest_value_currency" CHECK ((annual_value IS NULL) = (currency IS NULL)), CONSTRAINT "ck_need_interest_quantity_unit" CHECK ((quantity IS NULL) = (unit IS NULL)), CONSTRAINT "PK_e01dbae0b070450a413837db42f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_need_interest_need" ON "need_interest"  ("need_id") `);
    await queryRunner.query(`CREATE INDEX "ix_need_interest_organisation" ON "need_interest"  ("organisation_id") `);
    await queryRunner.query(`ALTER TABLE "user_account" ADD CONSTRAINT "fk_user_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "session" ADD CONSTRAINT "fk_session_user" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "buyer_group" ADD CONSTRAINT "fk_buyer_group_created_by_org" FOREIGN KEY ("created_by_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_group" FOREIGN KEY ("group_id") REFERENCES "buyer_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shared_need" ADD CONSTRAINT "fk_shared_need_group" FOREIGN KEY ("group_id") REFERENCES "buyer_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shared_need" ADD CONSTRAINT "fk_shared_need_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "need_interest" ADD CONSTRAINT "fk_need_interest_need" FOREIGN KEY ("need_id") REFERENCES "shared_need"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "need_interest" ADD CONSTRAINT "fk_need_interest_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "need_interest" DROP CONSTRAINT "fk_need_interest_organisation"`);
    await queryRunner.query(`ALTER TABLE "need_interest" DROP CONSTRAINT "fk_need_interest_need"`);
    await queryRunner.query(`ALTER TABLE "shared_need" DROP CONSTRAINT "fk_shared_need_organisation"`);
    await queryRunner.query(`ALTER TABLE "shared_need" DROP CONSTRAINT "fk_shared_need_group"`);
    await queryRunner.query(`ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_organisation"`);
    await queryRunner.query(`ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_group"`);
    await queryRunner.query(`ALTER TABLE "buyer_group" DROP CONSTRAINT "fk_buyer_group_created_by_org"`);
    await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "fk_session_user"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP CONSTRAINT "fk_user_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_need_interest_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_need_interest_need"`);
    await queryRunner.query(`DROP TABLE "need_interest"`);
    await queryRunner.query(`DROP TYPE "public"."priority"`);
    await queryRunner.query(`DROP TYPE "public"."currency"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shared_need_group"`);
    await queryRunner.query(`DROP TABLE "shared_need"`);
    await queryRunner.query(`DROP TYPE "public"."need_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_membership_organisation"`);
    await queryRunner.query(`DROP TABLE "membership"`);
    await queryRunner.query(`DROP TYPE "public"."membership_status"`);
    await queryRunner.query(`DROP TYPE "public"."membership_role"`);
    await queryRunner.query(`DROP INDEX "public"."ix_buyer_group_name"`);
    await queryRunner.query(`DROP TABLE "buyer_group"`);
    await queryRunner.query(`DROP TYPE "public"."group_status"`);
    await queryRunner.query(`DROP TYPE "public"."group_visibility"`);
    await queryRunner.query(`DROP TYPE "public"."focus_area"`);
    await queryRunner.query(`DROP INDEX "public"."ix_session_user"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP INDEX "public"."ix_user_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."uq_user_email"`);
    await queryRunner.query(`DROP TABLE "user_account"`);
    await queryRunner.query(`DROP TYPE "public"."locale"`);
    await queryRunner.query(`DROP INDEX "public"."ix_organisation_name"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP TYPE "public"."country"`);
    await queryRunner.query(`DROP TYPE "public"."organisation_kind"`);
    await queryRunner.query(`DROP TABLE "auth_throttle"`);
  }
}
