import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt } from '../common/columns.js';

/**
 * One row per change, appended in the transaction that makes the change (DESIGN 3.2). `id` comes
 * from `record_event()` (see the migration), which takes the transaction's xid before the id:
 * the bus relies on that to tell an id still being committed from one rolled back.
 */
@Entity({ name: 'event' })
@Index('ix_event_scope', ['scopeType', 'scopeId', 'id'])
@Index('ix_event_group', ['groupId', 'id'])
export class EventRecord {
  @PrimaryColumn({ type: 'bigint' })
  id!: number;

  /** What the event is about: 'group', 'need', 'thread', 'user', later 'document', 'procurement'. */
  @Column({ name: 'scope_type', type: 'varchar', length: 20 })
  scopeType!: string;

  @Column({ name: 'scope_id', type: 'uuid' })
  scopeId!: string;

  /** The buyer group whose members may see the event; null for events outside groups (a user's inbox). */
  @Column({ name: 'group_id', type: 'uuid', nullable: true })
  groupId!: string | null;

  @Column({ type: 'varchar', length: 60 })
  type!: string;

  /**
   * Also for the suppliers registered in the market dialogue of the procurement it concerns (its
   * payload then names nothing a supplier may not see).
   */
  @Column({ type: 'boolean', default: false })
  public!: boolean;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'actor_organisation_id', type: 'uuid', nullable: true })
  actorOrganisationId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: Record<string, unknown>;

  @Index('ix_event_created_at')
  @CreatedAt({ field: false })
  createdAt!: Date;
}
