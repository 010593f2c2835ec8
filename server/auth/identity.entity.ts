import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { User } from '../modules/users/user.entity.js';

/** A single sign-on identity (provider and subject) linked to a user. */
@Entity({ name: 'user_identity' })
@Unique('uq_user_identity_subject', ['provider', 'subject'])
export class UserIdentity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_user_identity_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_identity_user' })
  user?: User;

  /** The provider's id in OIDC_PROVIDERS. */
  @Column({ type: 'varchar', length: 60 })
  provider!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'last_sign_in_at', type: 'timestamptz', precision: 3, nullable: true })
  lastSignInAt!: Date | null;
}
