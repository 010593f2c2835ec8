import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';
import { PageArgs } from '../../common/pagination.js';
import { FocusArea, GroupStatus, GroupVisibility } from './group.entity.js';
import { MembershipRole, MembershipStatus } from './membership.entity.js';

@InputType()
export class CreateBuyerGroupInput {
  @InputField(() => String, { notBlank: true, maxLength: 200 })
  name!: string;

  @InputField(() => String, { maxLength: 20000, defaultValue: '', description: 'Markdown, up to 20,000 characters.' })
  description!: string;

  @Field(() => FocusArea)
  focusArea!: FocusArea;

  @InputField(() => [String], {
    maxItems: 50,
    defaultValue: [],
    description: 'CPV codes: 8 digits, optionally with -N.',
  })
  cpvCodes!: string[];

  @Field(() => GroupVisibility, {
    defaultValue: GroupVisibility.UNLISTED,
    description: 'UNLISTED by default: nothing of the group is shown to outsiders until its coordinators list it.',
  })
  visibility!: GroupVisibility;
}

@InputType()
export class UpdateBuyerGroupInput {
  @InputField(() => String, { notBlank: true, maxLength: 200, nullable: true })
  name?: string | null;

  @InputField(() => String, { maxLength: 20000, nullable: true })
  description?: string | null;

  @Field(() => FocusArea, { nullable: true })
  focusArea?: FocusArea | null;

  @InputField(() => [String], { maxItems: 50, nullable: true })
  cpvCodes?: string[] | null;

  @Field(() => GroupVisibility, { nullable: true })
  visibility?: GroupVisibility | null;

  @Field(() => GroupStatus, { nullable: true })
  status?: GroupStatus | null;
}

export enum GroupScope {
  VISIBLE = 'VISIBLE',
  MINE = 'MINE',
  LISTED = 'LISTED',
}
registerEnumType(GroupScope, {
  name: 'GroupScope',
  description:
    "VISIBLE: every group the viewer may see. MINE: groups the viewer's organisation is in, invited to or has asked to join. LISTED: listed groups.",
});

@ArgsType()
export class BuyerGroupsArgs extends PageArgs {
  @Field(() => GroupScope, { defaultValue: GroupScope.VISIBLE })
  scope!: GroupScope;

  @InputField(() => String, { maxLength: 200, nullable: true })
  search?: string | null;

  @Field(() => FocusArea, { nullable: true })
  focusArea?: FocusArea | null;
}

@ArgsType()
export class MembershipsArgs extends PageArgs {
  @InputField(() => [MembershipStatus], {
    maxItems: 4,
    nullable: true,
    description: 'Defaults to ACTIVE. Only active members see invitations, requests and former members.',
  })
  status?: MembershipStatus[] | null;
}

@InputType()
export class InviteOrganisationInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field(() => MembershipRole, { defaultValue: MembershipRole.MEMBER })
  role!: MembershipRole;

  @InputField(() => String, { maxLength: 1000, nullable: true })
  message?: string | null;
}

@InputType()
export class RequestToJoinInput {
  @Field(() => ID)
  groupId!: string;

  @InputField(() => String, { maxLength: 1000, nullable: true, description: 'Why your organisation wants to join.' })
  message?: string | null;
}

@InputType({ description: 'Names one organisation in one group.' })
export class MemberInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => ID)
  organisationId!: string;
}

@InputType()
export class ApproveJoinRequestInput extends MemberInput {
  @Field(() => MembershipRole, { defaultValue: MembershipRole.MEMBER })
  role!: MembershipRole;
}

@InputType()
export class ChangeMemberRoleInput extends MemberInput {
  @Field(() => MembershipRole)
  role!: MembershipRole;
}
