import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  JoinColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';

export enum Locale {
  nb = 'nb',
  sv = 'sv',
  en = 'en',
}
registerEnumType(Locale, { name: 'Locale', description: 'User interface language.' });

@ObjectType({ description: 'A person who belongs to one organisation.' })
@Entity({ name: 'user_account' })
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored trimmed and lower-cased, so uniqueness is case-insensitive. */
  @Field(() => String)
  @Index('uq_user_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Field(() => String)
  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName!: string;

  @Index('ix_user_organisation')
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_user_organisation' })
  organisation?: Organisation;

  @Field(() => Locale)
  @Column({ type: 'enum', enum: Locale, enumName: 'locale', default: Locale.en })
  locale!: Locale;

  @Field(() => Boolean, { description: 'Platform operator: manages organisations and users.' })
  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin!: boolean;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
