import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventLogAndDiscussions1795448158679 implements MigrationInterface {
  name = 'EventLogAndDiscussions1795448158679';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "event" ("id" bigint NOT NULL, "scope_type" character varying(20) NOT NULL, "scope_id" uuid NOT NULL, "group_id" uuid, "type" character varying(60) NOT NULL, "actor_user_id" uuid, "actor_organisation_id" uuid, "payload" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_30c2f3bbaf6d34a55f8ae6e4614" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_event_created_at" ON "event"  ("created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_event_group" ON "event"  ("group_id", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_event_scope" ON "event"  ("scope_type", "scope_id", "id") `);
    await queryRunner.query(`CREATE TYPE "public"."thread_parent" AS ENUM('GROUP', 'NEED')`);
    await queryRunner.query(`CREATE TYPE "public"."thread_kind" AS ENUM('GENERAL', 'TOPIC')`);
    await queryRunner.query(`CREATE TABLE "thread" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "parent_type" "public"."thread_parent" NOT NULL, "parent_id" uuid NOT NULL, "kind" "public"."thread_kind" NOT NULL DEFAULT 'TOPIC', "title" character varying(200) NOT NULL, "last_seq" integer NOT NULL DEFAULT '0', "last_message_at" TIMESTAMP(3) WITH TIME ZONE, "created_by_user_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cabc0f3f27d7b1c70cf64623e02" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_thread_group" ON "thread"  ("group_id") `);
    await queryRunner.query(`CREATE INDEX "ix_thread_parent" ON "thread"  ("parent_type", "parent_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_thread_general" ON "thread"  ("group_id") WHERE "kind" = 'GENERAL'`);
    await queryRunner.query(`CREATE TABLE "message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "seq" integer NOT NULL, "author_user_id" uuid NOT NULL, "author_organisation_id" uuid NOT NULL, "body" text NOT NULL, "reply_to_id" uuid, "mention_user_ids" uuid array NOT NULL DEFAULT '{}', "idempotency_key" character varying(100) NOT NULL, "edited_at" TIMESTAMP(3) WITH TIME ZONE, "deleted_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_message_idempotency" UNIQUE ("author_user_id", "idempotency_key"), CONSTRAINT "uq_message_thread_seq" UNIQUE ("thread_id", "seq"), CONSTRAINT "PK_ba01f0a3e0123651915008bc578" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_message_author" ON "message"  ("author_user_id") `);
    await queryRunner.query(`CREATE TABLE "message_revision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "message_id" uuid NOT NULL, "body" text NOT NULL, "change" character varying(10) NOT NULL, "changed_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fc72fbd3729aba35f459b1e1ce2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_message_revision_message" ON "message_revision"  ("message_id") `);
    await queryRunner.query(`CREATE TABLE "reaction" ("message_id" uuid NOT NULL, "user_id" uuid NOT NULL, "emoji" character varying(32) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6e25609c8bc9bd0ce953ac10ca3" PRIMARY KEY ("message_id", "user_id", "emoji"))`);
    await queryRunner.query(`CREATE TABLE "read_marker" ("user_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "last_read_seq" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cb28913568d412d1c9362d3c9bf" PRIMARY KEY ("user_id", "thread_id"))`);
    await queryRunner.query(`ALTER TABLE "thread" ADD CONSTRAINT "fk_thread_group" FOREIGN KEY ("group_id") REFERENCES "buyer_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "message" ADD CONSTRAINT "fk_message_thread" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "message_revision" ADD CONSTRAINT "fk_message_revision_message" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "reaction" ADD CONSTRAINT "fk_reaction_message" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "read_marker" ADD CONSTRAINT "fk_read_marker_thread" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Event ids: taken by record_event(), after the transaction has its xid (see server/events/bus.ts).
    await queryRunner.query(`CREATE SEQUENCE "event_id_seq" AS bigint`);
    await queryRunner.query(`
      CREATE FUNCTION record_event(
        p_scope_type varchar, p_scope_id uuid, p_group_id uuid, p_type varchar,
        p_actor_user_id uuid, p_actor_organisation_id uuid, p_payload jsonb
      ) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        v_id bigint;
      BEGIN
        -- The xid first: a reader that later sees a higher id visible can then tell, from the
        -- transaction horizon alone, whether this id may still commit.
        PERFORM pg_current_xact_id();
        v_id := nextval('event_id_seq');
        INSERT INTO event (id, scope_type, scope_id, group_id, type, actor_user_id, actor_organisation_id, payload)
        VALUES (v_id, p_scope_type, p_scope_id, p_group_id, p_type, p_actor_user_id, p_actor_organisation_id, p_payload);
        RETURN v_id;
      END
      $fn$`);
    // Every group has a general thread, including those formed before discussions existed.
    await queryRunner.query(`
      INSERT INTO thread (group_id, parent_type, parent_id, kind, title)
      SELECT id, 'GROUP', id, 'GENERAL', 'General' FROM buyer_group`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION record_event(varchar, uuid, uuid, varchar, uuid, uuid, jsonb)`);
    await queryRunner.query(`DROP SEQUENCE "event_id_seq"`);
    await queryRunner.query(`ALTER TABLE "read_marker" DROP CONSTRAINT "fk_read_marker_thread"`);
    await queryRunner.query(`ALTER TABLE "reaction" DROP CONSTRAINT "fk_reaction_message"`);
    await queryRunner.query(`ALTER TABLE "message_revision" DROP CONSTRAINT "fk_message_revision_message"`);
    await queryRunner.query(`ALTER TABLE "message" DROP CONSTRAINT "fk_message_thread"`);
    await queryRunner.query(`ALTER TABLE "thread" DROP CONSTRAINT "fk_thread_group"`);
    await queryRunner.query(`DROP TABLE "read_marker"`);
    await queryRunner.query(`DROP TABLE "reaction"`);
    await queryRunner.query(`DROP INDEX "public"."ix_message_revision_message"`);
    await queryRunner.query(`DROP TABLE "message_revision"`);
    await queryRunner.query(`DROP INDEX "public"."ix_message_author"`);
    await queryRunner.query(`DROP TABLE "message"`);
    await queryRunner.query(`DROP INDEX "public"."uq_thread_general"`);
    await queryRunner.query(`DROP INDEX "public"."ix_thread_parent"`);
    await queryRunner.query(`DROP INDEX "public"."ix_thread_group"`);
    await queryRunner.query(`DROP TABLE "thread"`);
    await queryRunner.query(`DROP TYPE "public"."thread_kind"`);
    await queryRunner.query(`DROP TYPE "public"."thread_parent"`);
    await queryRunner.query(`DROP INDEX "public"."ix_event_scope"`);
    await queryRunner.query(`DROP INDEX "public"."ix_event_group"`);
    await queryRunner.query(`DROP INDEX "public"."ix_event_created_at"`);
    await queryRunner.query(`DROP TABLE "event"`);
  }
}
