import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn, UpdatedAt } from '../../common/columns.js';
import { Organisation } from '../organisations/organisation.entity.js';

export enum Locale {
  nb = 'nb',
  sv = 'sv',
  en = 'en',
}
registerEnumType(Locale, { name: 'Locale', description: 'User interface language.' });

/** The zone of a user whose organisation's country names none (see defaultTimeZone). */
export const DEFAULT_TIME_ZONE = 'Europe/Oslo';

export enum UserStatus {
  PENDING_VERIFICATION = 'PENDING_VERIFICATION',
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  DELETED = 'DELETED',
}
registerEnumType(UserStatus, {
  name: 'UserStatus',
  description:
    'PENDING_VERIFICATION: the address is not confirmed yet (the account can do nothing). PENDING_APPROVAL: confirmed, waiting for an administrator of the organisation. ACTIVE: may sign in and act for the organisation. SUSPENDED: stopped by an administrator. DELETED: the person deleted their account; their records remain under their role and organisation.',
});

export enum OrganisationRole {
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
}
registerEnumType(OrganisationRole, {
  name: 'OrganisationRole',
  description:
    "ADMIN: manages the organisation's e-mail domains, approves and suspends its users. MEMBER: acts for it.",
});

@ObjectType({ description: 'A person who belongs to one organisation.' })
@Entity({ name: 'user_account' })
export class User {
  @IdColumn()
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
  @ForeignKey(() => Organisation, { fk: 'fk_user_organisation', onDelete: 'RESTRICT' })
  organisationId!: string;
  organisation?: Organisation;

  @Field(() => Locale)
  @Column({ type: 'enum', enum: Locale, enumName: 'locale', default: Locale.en })
  locale!: Locale;

  /**
   * Where the person's clock is: exports show times in it, and mail digests count days in it. Set at
   * registration from the organisation's country; the column default only covers rows written without it.
   */
  @Field(() => String, {
    description:
      "IANA time zone (e.g. Europe/Stockholm) in which times are shown to the user in exports and mails. Defaults from the organisation's country.",
  })
  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: DEFAULT_TIME_ZONE })
  timeZone!: string;

  /** The hour (0-23, on the user's own clock) the daily digest of notices is sent; the notifications module's setting. */
  @Column({ name: 'digest_hour', type: 'smallint', default: 7 })
  digestHour!: number;

  @Field(() => Boolean, { description: 'Platform operator: manages organisations and users.' })
  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin!: boolean;

  /** Null for people who only sign in through single sign-on (or have not chosen one yet). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Field(() => UserStatus)
  @Column({ type: 'enum', enum: UserStatus, enumName: 'user_status', default: UserStatus.PENDING_VERIFICATION })
  status!: UserStatus;

  @Field(() => OrganisationRole, { description: 'The role in the organisation.' })
  @Column({ type: 'enum', enum: OrganisationRole, enumName: 'organisation_role', default: OrganisationRole.MEMBER })
  role!: OrganisationRole;

  /** When the person proved control of the address (a link from a mail, or a provider's verified claim). */
  @TimestampColumn('email_verified_at', { nullable: true, field: false })
  emailVerifiedAt!: Date | null;

  @TimestampColumn('approved_at', { nullable: true, field: false })
  approvedAt!: Date | null;

  @Column({ name: 'approved_by_user_id', type: 'uuid', nullable: true })
  approvedByUserId!: string | null;

  @TimestampColumn('suspended_at', { nullable: true, field: false })
  suspendedAt!: Date | null;

  /** When the person deleted the account (status DELETED): the name is gone, the records remain. */
  @TimestampColumn('deleted_at', { nullable: true, field: false })
  deletedAt!: Date | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt({ field: false })
  updatedAt!: Date;
}
