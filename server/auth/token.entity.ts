import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
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
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_user_token_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_token_user' })
  user?: User;

  @Column({ type: 'enum', enum: TokenPurpose, enumName: 'token_purpose' })
  purpose!: TokenPurpose;

  @Index('uq_user_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', precision: 3, nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
