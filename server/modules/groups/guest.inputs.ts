import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { NotBlank } from '../../common/validation.js';

@InputType({ description: 'A coordinator invites one person into the group as a guest, until an end date.' })
export class InviteGuestInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => String, {
    description:
      'An existing account gets the access; a new address gets a guest account and a mail to choose a password.',
  })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @Field(() => String, { description: 'The name shown for a new guest account.' })
  @NotBlank()
  @MaxLength(120)
  displayName!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where a new guest comes from (a firm or another body), shown beside the name as a guest.',
  })
  @IsOptional()
  @MaxLength(150)
  affiliation?: string | null;

  @Field(() => Date, { description: 'Access ends at this time (within a year).' })
  endsAt!: Date;

  @Field(() => String, { nullable: true, description: 'Why the guest is here.' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}
