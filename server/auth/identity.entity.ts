import { Column, Entity, Index, Unique } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn } from '../common/columns.js';
import { User } from '../modules/users/user.entity.js';

/** A single sign-on identity (provider and subject) linked to a user. */
@Entity({ name: 'user_identity' })
@Unique('uq_user_identity_subject', ['provider', 'subject'])
export class UserIdentity {
  @IdColumn({ field: false })
  id!: string;

  @Index('ix_user_identity_user')
  @ForeignKey(() => User, { fk: 'fk_user_identity_user', onDelete: 'CASCADE' })
  userId!: string;
  user?: User;

  /** The provider's id in OIDC_PROVIDERS. */
  @Column({ type: 'varchar', length: 60 })
  provider!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @CreatedAt({ field: false })
  createdAt!: Date;

  @TimestampColumn('last_sign_in_at', { nullable: true, field: false })
  lastSignInAt!: Date | null;
}
