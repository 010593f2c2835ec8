import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn } from '../common/columns.js';
import { User } from '../modules/users/user.entity.js';

export enum TokenPurpose {
  VERIFY_EMAIL = 'VERIFY_EMAIL',
  RESET_PASSWORD = 'RESET_PASSWORD',
  /** A first admin's (or invited person's) link to choose a password; proves the address too. */
  SET_PASSWORD = 'SET_PASSWORD',
}

/**
 * A single-use secret sent by mail. Only its SHA-256 is stored: a copy of the database does not
 * hand out working links. Using it sets `used_at` under a row lock, so it works once.
 */
@Entity({ name: 'user_token' })
export class UserToken {
  @IdColumn({ field: false })
  id!: string;

  @Index('ix_user_token_user')
  @ForeignKey(() => User, { fk: 'fk_user_token_user', onDelete: 'CASCADE' })
  userId!: string;
  user?: User;

  @Column({ type: 'enum', enum: TokenPurpose, enumName: 'token_purpose' })
  purpose!: TokenPurpose;

  @Index('uq_user_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @TimestampColumn('expires_at', { field: false })
  expiresAt!: Date;

  @TimestampColumn('used_at', { nullable: true, field: false })
  usedAt!: Date | null;

  @CreatedAt({ field: false })
  createdAt!: Date;
}
