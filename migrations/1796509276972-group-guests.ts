import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GroupGuests1796509276972 implements MigrationInterface {
  name = 'GroupGuests1796509276972';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "group_guest" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "user_id" uuid NOT NULL, "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "invited_by_user_id" uuid, "note" character varying(500), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_6f3153f27d09a83072ec6c15eea" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_group_guest_user" ON "group_guest"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_group_guest_live" ON "group_guest"  ("group_id", "user_id") WHERE revoked_at IS NULL`);
    await queryRunner.query(`ALTER TYPE "public"."organisation_kind" ADD VALUE 'GUEST'`);
    await queryRunner.query(`ALTER TABLE "group_guest" ADD CONSTRAINT "fk_group_guest_group" FOREIGN KEY ("group_id") REFERENCES "buyer_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "group_guest" ADD CONSTRAINT "fk_group_guest_user" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "group_guest" DROP CONSTRAINT "fk_group_guest_user"`);
    await queryRunner.query(`ALTER TABLE "group_guest" DROP CONSTRAINT "fk_group_guest_group"`);
    await queryRunner.query(`CREATE TYPE "public"."organisation_kind_old" AS ENUM('MUNICIPALITY', 'COUNTY', 'STATE_AGENCY', 'PUBLIC_COMPANY', 'SUPPLIER')`);
    await queryRunner.query(`ALTER TABLE "organisation" ALTER COLUMN "kind" TYPE "public"."organisation_kind_old" USING "kind"::"text"::"public"."organisation_kind_old"`);
    await queryRunner.query(`DROP TYPE "public"."organisation_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."organisation_kind_old" RENAME TO "organisation_kind"`);
    await queryRunner.query(`DROP INDEX "public"."uq_group_guest_live"`);
    await queryRunner.query(`DROP INDEX "public"."ix_group_guest_user"`);
    await queryRunner.query(`DROP TABLE "group_guest"`);
  }
}
