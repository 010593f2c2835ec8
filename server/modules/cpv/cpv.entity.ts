import { Field, ObjectType } from 'type-graphql';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A code of the EU Common Procurement Vocabulary (CPV 2008), loaded by `npm run import:cpv`.
 * The check digit ("-N") is not stored: it is derived from the 8 digits, which identify the code.
 */
@ObjectType('CpvCode', { description: 'A code of the EU Common Procurement Vocabulary (CPV 2008).' })
@Entity({ name: 'cpv_code' })
@Check('ck_cpv_code_format', `code ~ '^[0-9]{8}$'`)
export class CpvCode {
  @Field(() => String, { description: '8 digits, without the check digit.' })
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code!: string;

  @Field(() => String, {
    nullable: true,
    description: 'English title; null when the code is not in the CPV list (or no list has been imported yet).',
  })
  @Column({ type: 'text' })
  title!: string;
}

/** A code as the API shows it: with its title when the code is in the list. */
export interface CpvEntry {
  code: string;
  title: string | null;
}
