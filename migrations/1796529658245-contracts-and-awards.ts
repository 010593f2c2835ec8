import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContractsAndAwards1796529658245 implements MigrationInterface {
  name = 'ContractsAndAwards1796529658245';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."tender_status" AS ENUM('RECEIVED', 'ADMITTED', 'REJECTED')`);
    await queryRunner.query(`CREATE TABLE "procurement_tender" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "supplier_id" uuid NOT NULL, "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "amount" numeric(16,2), "currency" "public"."currency", "status" "public"."tender_status" NOT NULL DEFAULT 'RECEIVED', "rejection_reason" text, "recorded_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_procurement_tender_supplier" UNIQUE ("lot_id", "supplier_id"), CONSTRAINT "PK_6b818181e872dedc564f007def5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_procurement_tender_procurement" ON "procurement_tender"  ("procurement_id") `);
    await queryRunner.query(`CREATE TABLE "procurement_award" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "decision_id" uuid NOT NULL, "supplier_ids" uuid array NOT NULL, "awarded_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "notified_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "standstill_ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "standstill_days" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8083724dc731b0f026d66cf37b5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_procurement_award_procurement" ON "procurement_award"  ("procurement_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_procurement_award_lot" ON "procurement_award"  ("lot_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_procurement_award_decision" ON "procurement_award"  ("decision_id") `);
    await queryRunner.query(`CREATE TABLE "procurement_contract" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "award_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "supplier_id" uuid NOT NULL, "reference" character varying(100), "amount" numeric(16,2) NOT NULL, "currency" "public"."currency" NOT NULL, "start_date" date NOT NULL, "duration_months" integer NOT NULL, "option_count" integer NOT NULL DEFAULT '0', "option_months" integer, "signed_on" date NOT NULL, "document_id" uuid NOT NULL, "recorded_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_procurement_contract_supplier" UNIQUE ("award_id", "supplier_id"), CONSTRAINT "ck_procurement_contract_extensions" CHECK ("option_count" >= 0 AND ("option_count" = 0 OR ("option_months" BETWEEN 1 AND 600 AND "duration_months" + "option_count" * "option_months" <= 600))), CONSTRAINT "ck_procurement_contract_duration" CHECK ("duration_months" BETWEEN 1 AND 600), CONSTRAINT "PK_0ed5a6ab37fc2536bb10a2a925b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_procurement_contract_procurement" ON "procurement_contract"  ("procurement_id") `);
    await queryRunner.query(`CREATE TYPE "public"."call_off_kind" AS ENUM('OWN_AGREEMENT', 'CALL_OFF')`);
    await queryRunner.query(`CREATE TYPE "public"."call_off_status" AS ENUM('NOT_STARTED', 'ACTIVE', 'ENDED')`);
    await queryRunner.query(`CREATE TABLE "procurement_call_off_right" ("contract_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "kind" "public"."call_off_kind" NOT NULL, "status" "public"."call_off_status" NOT NULL DEFAULT 'NOT_STARTED', "reference" character varying(100), "starts_on" date, "note" text NOT NULL DEFAULT '', "updated_by_user_id" uuid, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_37c7f5f330385793074c16c79eb" PRIMARY KEY ("contract_id", "organisation_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_procurement_call_off_right_organisation" ON "procurement_call_off_right"  ("organisation_id") `);
    await queryRunner.query(`ALTER TABLE "decision" ADD "award_lot_id" uuid`);
    await queryRunner.query(`ALTER TABLE "decision" ADD "award_supplier_ids" uuid array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "procurement_tender" ADD CONSTRAINT "fk_procurement_tender_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_tender" ADD CONSTRAINT "fk_procurement_tender_lot" FOREIGN KEY ("lot_id") REFERENCES "procurement_lot"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_tender" ADD CONSTRAINT "fk_procurement_tender_supplier" FOREIGN KEY ("supplier_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_award" ADD CONSTRAINT "fk_procurement_award_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_award" ADD CONSTRAINT "fk_procurement_award_lot" FOREIGN KEY ("lot_id") REFERENCES "procurement_lot"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_award" ADD CONSTRAINT "fk_procurement_award_decision" FOREIGN KEY ("decision_id") REFERENCES "decision"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_contract" ADD CONSTRAINT "fk_procurement_contract_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_contract" ADD CONSTRAINT "fk_procurement_contract_award" FOREIGN KEY ("award_id") REFERENCES "procurement_award"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_contract" ADD CONSTRAINT "fk_procurement_contract_supplier" FOREIGN KEY ("supplier_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_call_off_right" ADD CONSTRAINT "fk_procurement_call_off_right_contract" FOREIGN KEY ("contract_id") REFERENCES "procurement_contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "procurement_call_off_right" DROP CONSTRAINT "fk_procurement_call_off_right_contract"`);
    await queryRunner.query(`ALTER TABLE "procurement_contract" DROP CONSTRAINT "fk_procurement_contract_supplier"`);
    await queryRunner.query(`ALTER TABLE "procurement_contract" DROP CONSTRAINT "fk_procurement_contract_award"`);
    await queryRunner.query(`ALTER TABLE "procurement_contract" DROP CONSTRAINT "fk_procurement_contract_procurement"`);
    await queryRunner.query(`ALTER TABLE "procurement_award" DROP CONSTRAINT "fk_procurement_award_decision"`);
    await queryRunner.query(`ALTER TABLE "procurement_award" DROP CONSTRAINT "fk_procurement_award_lot"`);
    await queryRunner.query(`ALTER TABLE "procurement_award" DROP CONSTRAINT "fk_procurement_award_procurement"`);
    await queryRunner.query(`ALTER TABLE "procurement_tender" DROP CONSTRAINT "fk_procurement_tender_supplier"`);
    await queryRunner.query(`ALTER TABLE "procurement_tender" DROP CONSTRAINT "fk_procurement_tender_lot"`);
    await queryRunner.query(`ALTER TABLE "procurement_tender" DROP CONSTRAINT "fk_procurement_tender_procurement"`);
    await queryRunner.query(`ALTER TABLE "decision" DROP COLUMN "award_supplier_ids"`);
    await queryRunner.query(`ALTER TABLE "decision" DROP COLUMN "award_lot_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procurement_call_off_right_organisation"`);
    await queryRunner.query(`DROP TABLE "procurement_call_off_right"`);
    await queryRunner.query(`DROP TYPE "public"."call_off_status"`);
    await queryRunner.query(`DROP TYPE "public"."call_off_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procurement_contract_procurement"`);
    await queryRunner.query(`DROP TABLE "procurement_contract"`);
    await queryRunner.query(`DROP INDEX "public"."uq_procurement_award_decision"`);
    await queryRunner.query(`DROP INDEX "public"."uq_procurement_award_lot"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procurement_award_procurement"`);
    await queryRunner.query(`DROP TABLE "procurement_award"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procurement_tender_procurement"`);
    await queryRunner.query(`DROP TABLE "procurement_tender"`);
    await queryRunner.query(`DROP TYPE "public"."tender_status"`);
  }
}
