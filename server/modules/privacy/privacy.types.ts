import { InputType } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';

@InputType({ description: 'Confirms that the signed-in person deletes their own account.' })
export class DeleteAccountInput {
  @InputField(() => String, {
    maxLength: 254,
    description: 'The e-mail address of the account, typed again to confirm.',
  })
  confirmEmail!: string;

  @InputField(() => String, {
    nullable: true,
    maxLength: 200,
    description: 'The current password (required when the account has one; single sign-on accounts have none).',
  })
  password?: string | null;
}
