import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Message } from '../discussions/message.entity.js';
import { DocumentKind, DocumentLanguage, type Document, type DocumentVersion } from '../documents/document.entity.js';
import { Organisation, OrganisationKind } from '../organisations/organisation.entity.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import { User } from '../users/user.entity.js';
import {
  QuestionStatus,
  type DialogueAnswerRevision,
  type DialogueQuestion,
  type DialogueSlot,
} from './dialogue.entity.js';

/*
 * What suppliers see of a market dialogue. These types are projections made for suppliers: they
 * have no field leading to buyer groups, users, interests, mandates, values or other suppliers, so
 * what a supplier can reach is exactly what is listed here (test/dialogue-visibility.test.ts walks
 * every field).
 */

@ObjectType({ description: 'A contracting authority as the public sees it.' })
export class PublicAuthority {
  @Field(() => String)
  name!: string;

  @Field(() => OrganisationKind)
  kind!: OrganisationKind;

  @Field(() => String)
  country!: string;

  @Field(() => String)
  organisationNumber!: string;
}

@ObjectType({ description: 'A lot as published in the dialogue notice.' })
export class PublicLot {
  @Field(() => Int)
  number!: number;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [String])
  cpvCodes!: string[];
}

@ObjectType({ description: 'The published version of a procurement document.' })
export class PublishedDocument {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => DocumentKind)
  kind!: DocumentKind;

  @Field(() => DocumentLanguage)
  language!: DocumentLanguage;

  @Field(() => Int, { description: 'The published version number.' })
  version!: number;

  @Field(() => Date)
  publishedAt!: Date;

  @Field(() => String)
  mediaType!: string;

  @Field(() => String, { nullable: true })
  fileName!: string | null;

  @Field(() => Int)
  size!: number;

  @Field(() => String, { nullable: true, description: 'Markdown, for text documents.' })
  text!: string | null;

  @Field(() => String, { description: 'Where to download the published version (same sign-in).' })
  downloadUrl!: string;
}

@ObjectType({ description: 'A published version of an answer.' })
export class AnswerRevisionView {
  @Field(() => Int)
  revision!: number;

  @Field(() => String)
  question!: string;

  @Field(() => String)
  answer!: string;

  @Field(() => Date)
  publishedAt!: Date;
}

@ObjectType({
  description: 'A question and its answer, published to every registered supplier at once; the asker is not named.',
})
export class PublishedQuestion {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Q1, Q2 ...' })
  number!: number;

  @Field(() => String, { description: 'The question as published (the coordinator may rephrase it to name no one).' })
  question!: string;

  @Field(() => String)
  answer!: string;

  @Field(() => Int, { description: 'The answer revision; edits are published to all, and the history is kept.' })
  revision!: number;

  @Field(() => Date)
  answeredAt!: Date;

  @Field(() => Date, { description: 'When the latest revision was published.' })
  updatedAt!: Date;

  @Field(() => Boolean, { description: "True when the viewer's organisation asked it." })
  askedByMyOrganisation!: boolean;

  @Field(() => [AnswerRevisionView])
  revisions!: AnswerRevisionView[];
}

@ObjectType({ description: "A question the viewer's organisation asked." })
export class OwnQuestion {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  number!: number;

  @Field(() => String)
  text!: string;

  @Field(() => QuestionStatus)
  status!: QuestionStatus;

  @Field(() => Date)
  askedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The question as published, once answered.' })
  publishedQuestion!: string | null;

  @Field(() => String, { nullable: true })
  answer!: string | null;
}

@ObjectType({ description: 'A one-to-one dialogue meeting slot as suppliers see it: who booked it is not shown.' })
export class DialogueSlotView {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => String)
  location!: string;

  @Field(() => Boolean)
  available!: boolean;

  @Field(() => Boolean)
  bookedByMyOrganisation!: boolean;
}

@ObjectType({ description: 'A message the buyers wrote in the public dialogue channel.' })
export class PublicMessage {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  seq!: number;

  @Field(() => String, { nullable: true, description: 'Markdown; null once deleted.' })
  body!: string | null;

  @Field(() => String)
  authorName!: string;

  @Field(() => String)
  authorOrganisationName!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  editedAt!: Date | null;
}

@ObjectType({
  description:
    'A public change of a market dialogue or its public channel, as registered suppliers receive it: what changed, never who changed it.',
})
export class DialogueEvent {
  @Field(() => ID, { description: 'Pass the last one seen as `after` to resume without gaps.' })
  id!: string;

  @Field(() => String, {
    description:
      'e.g. question.answered, answer.revised, document.visibility_changed, slots.opened, slot.booked, slot.freed, procurement.phase_changed, message.posted.',
  })
  type!: string;

  @Field(() => String, { description: 'procurement, or thread (the public channel).' })
  scopeType!: string;

  @Field(() => ID)
  scopeId!: string;

  @Field(() => ID, { nullable: true, description: "Always null: the buyers' group is not the suppliers' to follow." })
  groupId!: null;

  @Field(() => GraphQLJSONObject, {
    description: 'Ids of what changed, numbers, versions; never a user or an organisation.',
  })
  payload!: Record<string, unknown>;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({
  description:
    "A procurement's market dialogue as a supplier sees it. The notice is public to every signed-in user; the rest needs registration.",
})
export class MarketDialogue {
  procurement!: Procurement;
}

// ---- the buyers' side ----

@ObjectType({ description: 'The market dialogue of a procurement, as its buyers manage it.' })
export class DialogueAdmin {
  procurement!: Procurement;
}

@ObjectType({ description: 'A question as the buyers see it: who asked it, and its status.' })
export class BuyerQuestion {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  number!: number;

  @Field(() => String, { description: "The asker's own text." })
  text!: string;

  @Field(() => QuestionStatus)
  status!: QuestionStatus;

  @Field(() => Date)
  askedAt!: Date;

  @Field(() => String, { nullable: true })
  publishedQuestion!: string | null;

  @Field(() => String, { nullable: true })
  answer!: string | null;

  @Field(() => Int)
  revision!: number;

  @Field(() => Date, { nullable: true })
  answeredAt!: Date | null;

  @Field(() => [AnswerRevisionView])
  revisions!: AnswerRevisionView[];

  askedByUserId!: string;
  askedByOrganisationId!: string;
}

@ObjectType({ description: 'A meeting slot as the buyers see it, with who booked it.' })
export class BuyerSlot {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => String)
  location!: string;

  @Field(() => Date, { nullable: true })
  bookedAt!: Date | null;

  bookedByOrganisationId!: string | null;
  bookedByUserId!: string | null;
}

@ObjectType({ description: 'A supplier user registered for the dialogue.' })
export class DialogueRegistrationView {
  @Field(() => Date)
  registeredAt!: Date;

  organisationId!: string;
  userId!: string;
}

// ---- projections: what each side receives of the rows ----

/** A procurement document published to its registered suppliers, in its published version. */
export interface PublishedVersion {
  document: Document;
  version: DocumentVersion;
}

export const revisionView = (r: DialogueAnswerRevision): AnswerRevisionView => ({
  revision: r.revision,
  question: r.publishedQuestion,
  answer: r.answer,
  publishedAt: r.createdAt,
});

export const ownQuestion = (q: DialogueQuestion): OwnQuestion => ({
  id: q.id,
  number: q.number,
  text: q.text,
  status: q.status,
  askedAt: q.createdAt,
  publishedQuestion: q.status === QuestionStatus.ANSWERED ? q.publishedQuestion : null,
  answer: q.status === QuestionStatus.ANSWERED ? q.answer : null,
});

/** An answered question as published to all: the asker is not named, only whether it was the viewer's organisation. */
export const publishedQuestionView = (
  q: DialogueQuestion,
  revisions: DialogueAnswerRevision[],
  viewerOrganisationId: string,
): PublishedQuestion => {
  const mine = revisions.filter((r) => r.questionId === q.id);
  return {
    id: q.id,
    number: q.number,
    question: q.publishedQuestion!,
    answer: q.answer!,
    revision: q.answerRevision,
    answeredAt: q.answeredAt!,
    updatedAt: mine.at(-1)?.createdAt ?? q.answeredAt!,
    askedByMyOrganisation: q.askedByOrganisationId === viewerOrganisationId,
    revisions: mine.map(revisionView),
  };
};

/** A slot as suppliers see it: free or taken, and whether by the viewer's organisation, never by whom. */
export const slotView = (s: DialogueSlot, viewerOrganisationId: string): DialogueSlotView => ({
  id: s.id,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  location: s.location,
  available: s.bookedByOrganisationId === null,
  bookedByMyOrganisation: s.bookedByOrganisationId === viewerOrganisationId,
});

export const publishedDocumentView = ({ document, version }: PublishedVersion): PublishedDocument => ({
  id: document.id,
  title: document.title,
  kind: document.kind,
  language: document.language,
  version: version.number,
  publishedAt: document.publishedAt!,
  mediaType: version.mediaType,
  fileName: version.fileName,
  size: version.size,
  text: version.text,
  downloadUrl: `/dialogue/${document.parentId}/documents/${document.id}/content`,
});

/** A message of the public channel with its author's and organisation's names (buyers write there, no supplier). */
export const publicMessageView = (m: Message, author: unknown, organisation: unknown): PublicMessage => ({
  id: m.id,
  seq: m.seq,
  body: m.deletedAt ? null : m.body,
  authorName: author instanceof User ? author.displayName : '',
  authorOrganisationName: organisation instanceof Organisation ? organisation.name : '',
  createdAt: m.createdAt,
  editedAt: m.editedAt,
});

export const publicAuthority = (o: Organisation): PublicAuthority => ({
  name: o.name,
  kind: o.kind,
  country: o.country,
  organisationNumber: o.organisationNumber,
});

// ---- the buyers' side ----

export const buyerQuestion = (q: DialogueQuestion, revisions: DialogueAnswerRevision[]): BuyerQuestion => ({
  id: q.id,
  number: q.number,
  text: q.text,
  status: q.status,
  askedAt: q.createdAt,
  publishedQuestion: q.publishedQuestion,
  answer: q.answer,
  revision: q.answerRevision,
  answeredAt: q.answeredAt,
  revisions: revisions.filter((r) => r.questionId === q.id).map(revisionView),
  askedByUserId: q.askedByUserId,
  askedByOrganisationId: q.askedByOrganisationId,
});
