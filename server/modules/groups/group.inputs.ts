import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { PageArgs } from '../../common/pagination.js';
import { NotBlank } from '../../common/validation.js';
import { FocusArea, GroupStatus, GroupVisibility } from './group.entity.js';
import { MembershipRole, MembershipStatus } from './membership.entity.js';

@InputType()
export class CreateBuyerGroupInput {
  @Field(() => String)
  @NotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => String, { defaultValue: '', description: 'Markdown, up to 20,000 characters.' })
  @MaxLength(20000)
  description!: string;

  @Field(() => FocusArea)
  focusArea!: FocusArea;

  @Field(() => [String], { defaultValue: [], description: 'CPV codes: 8 digits, optionally with -N.' })
  @ArrayMaxSize(50)
  cpvCodes!: string[];

  @Field(() => GroupVisibility, {
    defaultValue: GroupVisibility.UNLISTED,
    description: 'UNLISTED by default: nothing of the group is shown to outsiders until its coordinators list it.',
  })
  visibility!: GroupVisibility;
}

@InputType()
export class UpdateBuyerGroupInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20000)
  description?: string | null;

  @Field(() => FocusArea, { nullable: true })
  focusArea?: FocusArea | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
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

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => FocusArea, { nullable: true })
  focusArea?: FocusArea | null;
}

@ArgsType()
export class MembershipsArgs extends PageArgs {
  @Field(() => [MembershipStatus], {
    nullable: true,
    description: 'Defaults to ACTIVE. Only active members see invitations, requests and former members.',
  })
  @IsOptional()
  @ArrayMaxSize(4)
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

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  message?: string | null;
}

@InputType()
export class RequestToJoinInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => String, { nullable: true, description: 'Why your organisation wants to join.' })
  @IsOptional()
  @MaxLength(1000)
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
