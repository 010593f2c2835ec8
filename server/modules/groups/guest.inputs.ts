import { Field, ID, InputType } from 'type-graphql';
import { EmailField, InputField } from '../../common/input-fields.js';

@InputType({ description: 'A coordinator invites one person into the group as a guest, until an end date.' })
export class InviteGuestInput {
  @Field(() => ID)
  groupId!: string;

  @EmailField({
    description:
      'An existing account gets the access; a new address gets a guest account and a mail to choose a password.',
  })
  email!: string;

  @InputField(() => String, { notBlank: true, maxLength: 120, description: 'The name shown for a new guest account.' })
  displayName!: string;

  @InputField(() => String, {
    maxLength: 150,
    nullable: true,
    description: 'Where a new guest comes from (a firm or another body), shown beside the name as a guest.',
  })
  affiliation?: string | null;

  @Field(() => Date, { description: 'Access ends at this time (within a year).' })
  endsAt!: Date;

  @InputField(() => String, { maxLength: 500, nullable: true, description: 'Why the guest is here.' })
  note?: string | null;
}
