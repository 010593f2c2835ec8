import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsMailSessions1796507935940 implements MigrationInterface {
  name = 'AccountsMailSessions1796507935940';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."token_purpose" AS ENUM('VERIFY_EMAIL', 'RESET_PASSWORD', 'SET_PASSWORD')`);
    await queryRunner.query(`CREATE TABLE "user_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" "public"."token_purpose" NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_48cb6b5c20faa63157b3c1baf7f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_user_token_user" ON "user_token"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_user_token_hash" ON "user_token"  ("token_hash") `);
    await queryRunner.query(`CREATE TABLE "user_identity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "provider" character varying(60) NOT NULL, "subject" character varying(255) NOT NULL, "email" character varying(254), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "last_sign_in_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "uq_user_identity_subject" UNIQUE ("provider", "subject"), CONSTRAINT "PK_87b5856b206b5b77e6e2fa29508" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_user_identity_user" ON "user_identity"  ("user_id") `);
    await queryRunner.query(`CREATE TABLE "mail_outbox" ("id" BIGSERIAL NOT NULL, "message_id" character varying(250) NOT NULL, "kind" character varying(60) NOT NULL, "to_address" character varying(254) NOT NULL, "subject" character varying(300) NOT NULL, "text" text NOT NULL, "html" text NOT NULL, "headers" jsonb NOT NULL DEFAULT '{}', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP(3) WITH TIME ZONE, "sent_at" TIMESTAMP(3) WITH TIME ZONE, "failed_at" TIMESTAMP(3) WITH TIME ZONE, "last_error" text, "file_name" character varying(200), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fecc63c96385bc35a39ccf2a72e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_mail_outbox_due" ON "mail_outbox"  ("next_attempt_at") WHERE sent_at IS NULL AND failed_at IS NULL`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "allow_subdomains" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "requires_approval" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`CREATE TYPE "public"."user_status" AS ENUM('PENDING_VERIFICATION', 'PENDING_APPROVAL', 'ACTIVE', 'SUSPENDED')`);
    await queryRunner.query(`ALTER TABLE "user_account" ADD "status" "public"."user_status" NOT NULL DEFAULT 'PENDING_VERIFICATION'`);
    await queryRunner.query(`CREATE TYPE "public"."organisation_role" AS ENUM('ADMIN', 'MEMBER')`);
    await queryRunner.query(`ALTER TABLE "user_account" ADD "role" "public"."organisation_role" NOT NULL DEFAULT 'MEMBER'`);
    await queryRunner.query(`ALTER TABLE "user_account" ADD "email_verified_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "user_account" ADD "approved_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "user_account" ADD "approved_by_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "user_account" ADD "suspended_at" TIMESTAMP(3) WITH TIME ZONE`);
    // Hand-written: accounts made before verification existed keep working (they were gated by the
    // organisation's domains); public bodies ask for approval of new members, suppliers do not.
    // Subdomains are no longer admitted unless an admin allows them.
    await queryRunner.query(`UPDATE "user_account" SET "status" = 'ACTIVE', "email_verified_at" = "created_at"`);
    await queryRunner.query(`UPDATE "organisation" SET "requires_approval" = ("kind" <> 'SUPPLIER')`);
    await queryRunner.query(`ALTER TABLE "session" ADD "ip" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "session" ADD "user_agent" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "session" ADD "method" character varying(80) NOT NULL DEFAULT 'password'`);
    await queryRunner.query(`ALTER TABLE "user_account" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "user_token" ADD CONSTRAINT "fk_user_token_user" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "user_identity" ADD CONSTRAINT "fk_user_identity_user" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_identity" DROP CONSTRAINT "fk_user_identity_user"`);
    await queryRunner.query(`ALTER TABLE "user_token" DROP CONSTRAINT "fk_user_token_user"`);
    await queryRunner.query(`ALTER TABLE "user_account" ALTER COLUMN "password_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "session" DROP COLUMN "method"`);
    await queryRunner.query(`ALTER TABLE "session" DROP COLUMN "user_agent"`);
    await queryRunner.query(`ALTER TABLE "session" DROP COLUMN "ip"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "suspended_at"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "approved_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "approved_at"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "email_verified_at"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "role"`);
    await queryRunner.query(`DROP TYPE "public"."organisation_role"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "status"`);
    await queryRunner.query(`DROP TYPE "public"."user_status"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "requires_approval"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "allow_subdomains"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_outbox_due"`);
    await queryRunner.query(`DROP TABLE "mail_outbox"`);
    await queryRunner.query(`DROP INDEX "public"."ix_user_identity_user"`);
    await queryRunner.query(`DROP TABLE "user_identity"`);
    await queryRunner.query(`DROP INDEX "public"."uq_user_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_user_token_user"`);
    await queryRunner.query(`DROP TABLE "user_token"`);
    await queryRunner.query(`DROP TYPE "public"."token_purpose"`);
  }
}
