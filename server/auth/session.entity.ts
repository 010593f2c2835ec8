import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn } from '../common/columns.js';
import { User } from '../modules/users/user.entity.js';

/**
 * A signed-in session. The token the client holds is a JWT naming this row; the row makes
 * sign-out (and an admin's revocation) take effect at once, which a bare JWT cannot.
 */
@Entity({ name: 'session' })
export class Session {
  @IdColumn({ field: false })
  id!: string;

  @Index('ix_session_user')
  @ForeignKey(() => User, { fk: 'fk_session_user', onDelete: 'CASCADE' })
  userId!: string;
  user?: User;

  @CreatedAt({ field: false })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Client address and browser at sign-in, so the person can tell their sessions apart. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 300, nullable: true })
  userAgent!: string | null;

  /** 'password', or 'oidc:<provider id>'. */
  @Column({ type: 'varchar', length: 80, default: 'password' })
  method!: string;
}
