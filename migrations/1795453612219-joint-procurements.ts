// Edited by hand: procurement_phase is shared by two tables (TypeORM generated it twice); the new
// thread/document enum values are added by the migration before this one, outside this transaction.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JointProcurements1795453612219 implements MigrationInterface {
  name = 'JointProcurements1795453612219';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."procedure_type" AS ENUM('open', 'restricted', 'neg-w-call', 'comp-dial', 'innovation', 'neg-wo-call', 'fa-wo-rc', 'fa-w-rc', 'fa-mix', 'dps-list', 'dps-nlist')`);
    await queryRunner.query(`CREATE TYPE "public"."contract_type" AS ENUM('works', 'supplies', 'services')`);
    await queryRunner.query(`CREATE TYPE "public"."procurement_phase" AS ENUM('ANCHORING', 'NEED_ASSESSMENT', 'MARKET_DIALOGUE', 'PREPARATION', 'COMPETITION', 'CONTRACT_FOLLOW_UP', 'BENEFITS_REALISATION', 'CLOSED', 'CANCELLED')`);
    await queryRunner.query(`CREATE TABLE "procurement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "procedure_type" "public"."procedure_type" NOT NULL, "contract_type" "public"."contract_type" NOT NULL, "lead_organisation_id" uuid NOT NULL, "phase" "public"."procurement_phase" NOT NULL DEFAULT 'ANCHORING', "phase_changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "cancellation_reason" text, "dialogue_notice" text, "dialogue_published_at" TIMESTAMP(3) WITH TIME ZONE, "max_bookings_per_supplier" integer NOT NULL DEFAULT '1', "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d76214d11b86be19052e0118179" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_procurement_group" ON "procurement"  ("group_id") `);
    await queryRunner.query(`CREATE TABLE "procurement_need" ("procurement_id" uuid NOT NULL, "need_id" uuid NOT NULL, CONSTRAINT "PK_19d0ca0dcdafc26d83ea11a51a9" PRIMARY KEY ("procurement_id", "need_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_procurement_need_need" ON "procurement_need"  ("need_id") `);
    await queryRunner.query(`CREATE TABLE "procurement_lot" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "number" integer NOT NULL, "title" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "cpv_codes" character varying(8) array NOT NULL DEFAULT '{}', "need_id" uuid, CONSTRAINT "uq_procurement_lot_number" UNIQUE ("procurement_id", "number"), CONSTRAINT "PK_75d8722031b68d1faa0c0bcd985" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TYPE "public"."mandate_status" AS ENUM('REQUESTED', 'SIGNED', 'WITHDRAWN')`);
    await queryRunner.query(`CREATE TABLE "procurement_participant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "mandate_status" "public"."mandate_status" NOT NULL DEFAULT 'REQUESTED', "decision_reference" character varying(200), "decision_date" date, "signed_by_user_id" uuid, "signed_at" TIMESTAMP(3) WITH TIME ZONE, "lot_ids" uuid array NOT NULL DEFAULT '{}', "mandate_document_id" uuid, "withdrawn_at" TIMESTAMP(3) WITH TIME ZONE, "withdrawal_reason" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_procurement_participant" UNIQUE ("procurement_id", "organisation_id"), CONSTRAINT "PK_85b560cea83b0ddc4731636956a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_procurement_participant_organisation" ON "procurement_participant"  ("organisation_id") `);
    await queryRunner.query(`CREATE TABLE "procurement_lot_value" ("lot_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "procurement_id" uuid NOT NULL, "amount" numeric(16,2) NOT NULL, "currency" "public"."currency" NOT NULL, "updated_by_user_id" uuid, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_75bd07294b2c0f87ab073ff913b" PRIMARY KEY ("lot_id", "organisation_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_procurement_lot_value_procurement" ON "procurement_lot_value"  ("procurement_id") `);
    await queryRunner.query(`CREATE TYPE "public"."milestone_kind" AS ENUM('OPT_OUT_DEADLINE', 'QUESTION_DEADLINE', 'DIALOGUE_MEETINGS', 'TENDER_DEADLINE', 'AWARD_DECISION', 'STANDSTILL_END', 'CONTRACT_START', 'CONTRACT_END', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "procurement_milestone" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "kind" "public"."milestone_kind" NOT NULL, "title" character varying(200) NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7627f73cabeb11c9fe62a73606e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_procurement_milestone_procurement" ON "procurement_milestone"  ("procurement_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_procurement_milestone_kind" ON "procurement_milestone"  ("procurement_id", "kind") WHERE "kind" <> 'OTHER'`);
    await queryRunner.query(`CREATE TYPE "public"."indicator_direction" AS ENUM('HIGHER_IS_BETTER', 'LOWER_IS_BETTER')`);
    await queryRunner.query(`CREATE TABLE "benefit_indicator" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "unit" character varying(40) NOT NULL, "direction" "public"."indicator_direction" NOT NULL, "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_61840a6e947d96f194e9d37c20b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_benefit_indicator_procurement" ON "benefit_indicator"  ("procurement_id") `);
    await queryRunner.query(`CREATE TYPE "public"."measurement_kind" AS ENUM('BASELINE', 'FOLLOW_UP')`);
    await queryRunner.query(`CREATE TABLE "benefit_measurement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "indicator_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "kind" "public"."measurement_kind" NOT NULL, "value" numeric(16,3) NOT NULL, "measured_on" date NOT NULL, "note" text NOT NULL DEFAULT '', "recorded_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a649966129ed07fcdbddfbd1def" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_benefit_measurement_indicator" ON "benefit_measurement"  ("indicator_id", "organisation_id", "measured_on") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_benefit_measurement_baseline" ON "benefit_measurement"  ("indicator_id", "organisation_id") WHERE "kind" = 'BASELINE'`);
    await queryRunner.query(`CREATE TYPE "public"."decision_status" AS ENUM('OPEN', 'CLOSED')`);
    await queryRunner.query(`CREATE TYPE "public"."decision_outcome" AS ENUM('DECIDED', 'TIED', 'NO_QUORUM')`);
    await queryRunner.query(`CREATE TABLE "decision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "options" text array NOT NULL, "quorum" integer NOT NULL, "closes_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "gate" "public"."procurement_phase", "status" "public"."decision_status" NOT NULL DEFAULT 'OPEN', "outcome" "public"."decision_outcome", "winning_option" integer, "closed_at" TIMESTAMP(3) WITH TIME ZONE, "opened_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fa4cbd6abf1215054f13c27df5a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_decision_procurement" ON "decision"  ("procurement_id") `);
    await queryRunner.query(`CREATE INDEX "ix_decision_open" ON "decision"  ("closes_at") WHERE "status" = 'OPEN'`);
    await queryRunner.query(`CREATE TABLE "decision_vote" ("decision_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "option" integer NOT NULL, "voted_by_user_id" uuid NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bb15ea3226c440657d414347ed7" PRIMARY KEY ("decision_id", "organisation_id"))`);
    await queryRunner.query(`CREATE TABLE "dialogue_registration" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_dialogue_registration_user" UNIQUE ("procurement_id", "user_id"), CONSTRAINT "PK_c19c425156e28cfe37fc49abce0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_dialogue_registration_user_id" ON "dialogue_registration"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_dialogue_registration_organisation" ON "dialogue_registration"  ("procurement_id", "organisation_id") `);
    await queryRunner.query(`CREATE TYPE "public"."question_status" AS ENUM('PENDING', 'ANSWERED', 'WITHDRAWN')`);
    await queryRunner.query(`CREATE TABLE "dialogue_question" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "number" integer NOT NULL, "asked_by_user_id" uuid NOT NULL, "asked_by_organisation_id" uuid NOT NULL, "text" text NOT NULL, "status" "public"."question_status" NOT NULL DEFAULT 'PENDING', "published_question" text, "answer" text, "answer_revision" integer NOT NULL DEFAULT '0', "answered_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_dialogue_question_number" UNIQUE ("procurement_id", "number"), CONSTRAINT "PK_a0903eabb68f03c1c03cf5de132" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_dialogue_question_organisation" ON "dialogue_question"  ("asked_by_organisation_id") `);
    await queryRunner.query(`CREATE TABLE "dialogue_answer_revision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "question_id" uuid NOT NULL, "revision" integer NOT NULL, "published_question" text NOT NULL, "answer" text NOT NULL, "author_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_dialogue_answer_revision" UNIQUE ("question_id", "revision"), CONSTRAINT "PK_dc36c1cba7f724bb49a0b9c92c5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "dialogue_slot" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procurement_id" uuid NOT NULL, "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "location" character varying(300) NOT NULL DEFAULT '', "booked_by_organisation_id" uuid, "booked_by_user_id" uuid, "booked_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_dialogue_slot_start" UNIQUE ("procurement_id", "starts_at"), CONSTRAINT "PK_740edce7a281b2bce89f5dd78d1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_dialogue_slot_booked_by" ON "dialogue_slot"  ("booked_by_organisation_id") `);
    await queryRunner.query(`ALTER TABLE "event" ADD "public" boolean NOT NULL DEFAULT false`);
    // record_event() gains the public flag (events suppliers of the procurement may also receive).
    await queryRunner.query(`DROP FUNCTION record_event(varchar, uuid, uuid, varchar, uuid, uuid, jsonb)`);
    await queryRunner.query(`
      CREATE FUNCTION record_event(
        p_scope_type varchar, p_scope_id uuid, p_group_id uuid, p_type varchar,
        p_actor_user_id uuid, p_actor_organisation_id uuid, p_payload jsonb, p_public boolean DEFAULT false
      ) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        v_id bigint;
      BEGIN
        -- The xid first: a reader that later sees a higher id visible can then tell, from the
        -- transaction horizon alone, whether this id may still commit.
        PERFORM pg_current_xact_id();
        v_id := nextval('event_id_seq');
        INSERT INTO event (id, scope_type, scope_id, group_id, type, actor_user_id, actor_organisation_id, payload, public)
        VALUES (v_id, p_scope_type, p_scope_id, p_group_id, p_type, p_actor_user_id, p_actor_organisation_id, p_payload, p_public);
        RETURN v_id;
      END
      $fn$`);
    await queryRunner.query(`ALTER TABLE "document" ADD "published_version" integer`);
    await queryRunner.query(`ALTER TABLE "document" ADD "published_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_thread_procurement_channel" ON "thread"  ("parent_id", "kind") WHERE "kind" IN ('BUYERS', 'PUBLIC_DIALOGUE')`);
    await queryRunner.query(`ALTER TABLE "procurement" ADD CONSTRAINT "fk_procurement_group" FOREIGN KEY ("group_id") REFERENCES "buyer_group"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement" ADD CONSTRAINT "fk_procurement_lead_organisation" FOREIGN KEY ("lead_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_need" ADD CONSTRAINT "fk_procurement_need_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" ADD CONSTRAINT "fk_procurement_lot_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_participant" ADD CONSTRAINT "fk_procurement_participant_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_participant" ADD CONSTRAINT "fk_procurement_participant_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_lot_value" ADD CONSTRAINT "fk_procurement_lot_value_lot" FOREIGN KEY ("lot_id") REFERENCES "procurement_lot"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procurement_milestone" ADD CONSTRAINT "fk_procurement_milestone_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "benefit_indicator" ADD CONSTRAINT "fk_benefit_indicator_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "benefit_measurement" ADD CONSTRAINT "fk_benefit_measurement_indicator" FOREIGN KEY ("indicator_id") REFERENCES "benefit_indicator"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "decision" ADD CONSTRAINT "fk_decision_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "decision_vote" ADD CONSTRAINT "fk_decision_vote_decision" FOREIGN KEY ("decision_id") REFERENCES "decision"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "dialogue_registration" ADD CONSTRAINT "fk_dialogue_registration_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "dialogue_question" ADD CONSTRAINT "fk_dialogue_question_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "dialogue_answer_revision" ADD CONSTRAINT "fk_dialogue_answer_revision_question" FOREIGN KEY ("question_id") REFERENCES "dialogue_question"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "dialogue_slot" ADD CONSTRAINT "fk_dialogue_slot_procurement" FOREIGN KEY ("procurement_id") REFERENCES "procurement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION record_event(varchar, uuid, uuid, varchar, uuid, uuid, jsonb, boolean)`);
    await queryRunner.query(`
      CREATE FUNCTION record_event(
        p_scope_type varchar, p_scope_id uuid, p_group_id uuid, p_type varchar,
        p_actor_user_id uuid, p_actor_organisation_id uuid, p_payload jsonb
      ) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        v_id bigint;
      BEGIN
        PERFORM pg_current_xact_id();
        v_id := nextval('event_id_seq');
        INSERT INTO event (id, scope_type, scope_id, group_id, type, actor_user_id, actor_organisation_id, payload)
        VALUES (v_id, p_scope_type, p_scope_id, p_group_id, p_type, p_actor_user_id, p_actor_organisation_id, p_payload);
        RETURN v_id;
      END
      $fn$`);
    await queryRunner.query(`ALTER TABLE "dialogue_slot" DROP CONSTRAINT "fk_dialogue_slot_procurement"`);
    await queryRunner.query(`ALTER TABLE "dialogue_answer_revision" DROP CONSTRAINT "fk_dialogue_answer_revision_question"`);
    await queryRunner.query(`ALTER TABLE "dialogue_question" DROP CONSTRAINT "fk_dialogue_question_procurement"`);
    await queryRunner.query(`ALTER TABLE "dialogue_registration" DROP CONSTRAINT "fk_dialogue_registration_procurement"`);
    await queryRunner.query(`ALTER TABLE "decision_vote" DROP CONSTRAINT "fk_decision_vote_decision"`);
    await queryRunner.query(`ALTER TABLE "decision" DROP CONSTRAINT "fk_decision_procurement"`);
    await queryRunner.query(`ALTER TABLE "benefit_measurement" DROP CONSTRAINT "fk_benefit_measurement_indicator"`);
    await queryRunner.query(`ALTER TABLE "benefit_indicator" DROP CONSTRAINT "fk_benefit_indicator_procurement"`);
    await queryRunner.query(`ALTER TABLE "procurement_milestone" DROP CONSTRAINT "fk_procurement_milestone_procurement"`);
    await queryRunner.query(`ALTER TABLE "procurement_lot_value" DROP CONSTRAINT "fk_procurement_lot_value_lot"`);
    await queryRunner.query(`ALTER TABLE "procurement_participant" DROP CONSTRAINT "fk_procurement_participant_organisation"`);
    await queryRunner.query(`ALTER TABLE "procurement_participant" DROP CONSTRAINT "fk_procurement_participant_procurement"`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" DROP CONSTRAINT "fk_procurement_lot_procurement"`);
    await queryRunner.query(`ALTER TABLE "procurement_need" DROP CONSTRAINT "fk_procurement_need_procurement"`);
    await queryRunner.query(`ALTER TABLE "procurement" DROP CONSTRAINT "fk_procurement_lead_organisation"`);
    await queryRunner.query(`ALTER TABLE "procurement" DROP CONSTRAINT "fk_procurement_group"`);
    await queryRunner.query(`DROP INDEX "public"."uq_thread_procurement_channel"`);
    await queryRunner.query(`ALTER TABLE "document" DROP COLUMN "published_at"`);
    await queryRunner.query(`ALTER TABLE "document" DROP COLUMN "published_version"`);
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "public"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dialogue_slot_booked_by"`);
    await queryRunner.query(`DROP TABLE "dialogue_slot"`);
    await queryRunner.query(`DROP TABLE "dialogue_answer_revision"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dialogue_question_organisation"`);
    await queryRunner.query(`DROP TABLE "dialogue_question"`);
    await queryRunner.query(`DROP TYPE "public"."question_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dialogue_registration_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dialogue_registration_user_id"`);
    await queryRunner.query(`DROP TABLE "dialogue_registration"`);
    await queryRunner.query(`DROP TABLE "decision_vote"`);
    await queryRunner.query(`DROP INDEX "public"."ix_decision_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_decision_procurement"`);
    await queryRunner.query(`DROP TABLE "decision"`);
    await queryRunner.query(`DROP TYPE "public"."decision_outcome"`);
    await queryRunner.query(`DROP TYPE "public"."decision_status"`);
    await queryRunner.query(`DROP INDEX "public"."uq_benefit_measurement_baseline"`);
    await queryRunner.query(`DROP INDEX "public"."ix_benefit_measurement_indicator"`);
    await queryRunner.query(`DROP TABLE "benefit_measurement"`);
    await queryRunner.query(`DROP TYPE "public"."measurement_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_benefit_indicator_procurement"`);
    await queryRunner.query(`DROP TABLE "benefit_indicator"`);
    await queryRunner.query(`DROP TYPE "public"."indicator_direction"`);
    await queryRunner.query(`DROP INDEX "public"."uq_procurement_milestone_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procurement_milestone_procurement"`);
    await queryRunner.query(`DROP TABLE "procurement_milestone"`);
    await queryRunner.query(`DROP TYPE "public"."milestone_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procurement_lot_value_procurement"`);
    await queryRunner.query(`DROP TABLE "procurement_lot_value"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procurement_participant_organisation"`);
    await queryRunner.query(`DROP TABLE "procurement_participant"`);
    await queryRunner.query(`DROP TYPE "public"."mandate_status"`);
    await queryRunner.query(`DROP TABLE "procurement_lot"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procurement_need_need"`);
    await queryRunner.query(`DROP TABLE "procurement_need"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procurement_group"`);
    await queryRunner.query(`DROP TABLE "procurement"`);
    await queryRunner.query(`DROP TYPE "public"."procurement_phase"`);
    await queryRunner.query(`DROP TYPE "public"."contract_type"`);
    await queryRunner.query(`DROP TYPE "public"."procedure_type"`);
  }
}
