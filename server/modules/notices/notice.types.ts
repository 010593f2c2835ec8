import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { EformsNoticeType } from './notice.eforms.js';

registerEnumType(EformsNoticeType, {
  name: 'EformsNoticeType',
  description:
    'An eForms notice Samverka drafts (the values are the eForms notice types): PIN_ONLY (prior information notice for information only, subtype 4) and PMC (pre-market consultation, E1) from MARKET_DIALOGUE to PREPARATION; CN_STANDARD (contract notice, subtype 16) in PREPARATION and COMPETITION.',
  valuesConfig: {
    PIN_ONLY: { description: 'Prior information notice used only for information (directive 2014/24, subtype 4).' },
    PMC: { description: 'Pre-market consultation notice (E1).' },
    CN_STANDARD: { description: 'Contract notice (directive 2014/24, subtype 16).' },
  },
});

export enum NoticeTailoring {
  NONE = 'NONE',
  NORWAY = 'NORWAY',
}
registerEnumType(NoticeTailoring, {
  name: 'NoticeTailoring',
  description:
    "NORWAY: DFØ's Norwegian tailoring for notices to TED (the extended CustomizationID urn:fdc:anskaffelser.no:2023:eforms:eu, Norwegian as non-official language); only for a Norwegian lead authority.",
});

@ObjectType({ description: 'An eForms notice draft that applies to the procurement now, and where to download it.' })
export class NoticeDownload {
  @Field(() => EformsNoticeType)
  type!: EformsNoticeType;

  @Field(() => String, { description: 'The eForms notice subtype: 4, E1 or 16.' })
  subtype!: string;

  @Field(() => String, {
    description:
      'Path on this server (like ocdsUrl): GET it with the session (cookie or bearer token) for the XML as an attachment; add ?tailoring=norway for the Norwegian tailoring.',
  })
  url!: string;

  @Field(() => String)
  fileName!: string;

  @Field(() => Boolean, { description: 'The Norwegian tailoring can be asked for (a Norwegian lead authority).' })
  norwegianTailoring!: boolean;
}
