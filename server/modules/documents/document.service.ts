import type { EventPayload, EventType } from '../../events/catalogue.js';
import { createHash } from 'node:crypto';
import { structuredPatch } from 'diff';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { clean } from '../../common/validation.js';
import { ConflictError, InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import {
  eventActor,
  newEvent,
  type EventWriter,
  type NewEvent,
  type PayloadWithout,
  type RecordEvent,
} from '../../events/event-log.js';
import type { EventStreams } from '../../events/stream.js';
import { findById, UUID } from '../../loaders.js';
import type { BuyerGroup } from '../groups/group.entity.js';
import type { GroupAccess, GroupService } from '../groups/group.service.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { RecordSubject } from '../records/record.entity.js';
import { requireNotRecord } from '../records/record.lock.js';
import { documentPolicy, type DocumentAction } from './document.policy.js';
import type { PresenceSnapshot, PresenceTracker } from './document.presence.js';
import {
  Document,
  DocumentParent,
  DocumentVersion,
  DocumentVisibility,
  FileBlob,
  searchConfig,
  VersionContent,
} from './document.entity.js';
import type {
  AddFileVersionInput,
  AddTextVersionInput,
  CreateDocumentInput,
  DocumentMergeArgs,
  UpdateDocumentInput,
} from './document.inputs.js';
import { mergeTexts, type DocumentMerge } from './document.merge.js';

export interface DocumentAccess extends GroupAccess {
  document: Document;
  /** The procurement the document belongs to (its state decides whether the document still changes). */
  procurement: Procurement | null;
}

export interface DiffLine {
  kind: 'ADDED' | 'REMOVED' | 'CONTEXT';
  text: string;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

const documentEvent = <T extends EventType>(
  d: Document,
  viewer: Actor,
  type: T,
  payload: PayloadWithout<T, 'documentId'>,
  pub = false,
): NewEvent =>
  newEvent(
    type,
    {
      scopeType:
        d.parentType === DocumentParent.NEED
          ? 'need'
          : d.parentType === DocumentParent.PROCUREMENT
            ? 'procurement'
            : 'group',
      scopeId: d.parentId,
      groupId: d.groupId,
      actor: eventActor(viewer),
      // Publication of a procurement's document reaches its registered suppliers (ids and version only).
      public: pub && d.parentType === DocumentParent.PROCUREMENT,
    },
    { documentId: d.id, ...payload } as unknown as EventPayload<T>,
  );

/**
 * Documents and their immutable versions. A new version names the version it was based on and is
 * refused with CONFLICT when another came first: the document row lock makes two concurrent saves
 * on the same base end with exactly one winner, and no version is ever overwritten or lost.
 */
export class DocumentService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly groups: GroupService,
    private readonly streams: EventStreams,
    private readonly presenceTracker: PresenceTracker,
  ) {}

  /** A document the viewer can read (an active member of its group); NOT_FOUND otherwise, and once deleted. */
  async access(actor: Actor, documentId: string): Promise<DocumentAccess> {
    const document = await findById(this.db, Document, documentId);
    if (!document || document.deletedAt) throw new NotFoundError('Document', documentId);
    const access = await this.groups.memberAccess(actor, document.groupId, 'Document', documentId);
    const procurement =
      document.parentType === DocumentParent.PROCUREMENT
        ? await findById(this.db, Procurement, document.parentId)
        : null;
    return { ...access, document, procurement };
  }

  /** A readable document, once the document policy lets the actor do `action` to it. */
  private async accessFor(actor: Actor, documentId: string, action: DocumentAction): Promise<DocumentAccess> {
    const access = await this.access(actor, documentId);
    documentPolicy.authorize(actor, action, access);
    return access;
  }

  /** Group-level document lists are for the group's active members. */
  async assertReader(actor: Actor, group: BuyerGroup): Promise<void> {
    documentPolicy.authorize(actor, 'read', { group, membership: await actor.scope.membership(group.id) });
  }

  async create(actor: Actor, input: CreateDocumentInput): Promise<Document> {
    return this.events.transaction(async (em, record) => {
      if (input.needId && input.procurementId) {
        throw UserInputError.field('input.procurementId', 'oneParent', 'give either needId or procurementId, not both');
      }
      const { group, membership, parent } = await this.groups.lockParent(em, actor, input.groupId, input.needId);
      documentPolicy.authorize(actor, 'create', { group, membership });
      let parentType = parent.type === 'NEED' ? DocumentParent.NEED : DocumentParent.GROUP;
      let parentId = parent.id;
      if (input.procurementId) {
        const procurement = UUID.test(input.procurementId)
          ? await em.getRepository(Procurement).findOneBy({ id: input.procurementId })
          : null;
        if (!procurement || procurement.groupId !== group.id) {
          throw UserInputError.field('input.procurementId', 'exists', 'is not a joint procurement of this group');
        }
        documentPolicy.authorize(actor, 'create', { group, membership, procurement });
        parentType = DocumentParent.PROCUREMENT;
        parentId = procurement.id;
      }
      const document = await em.getRepository(Document).save(
        em.getRepository(Document).create({
          groupId: group.id,
          parentType,
          parentId,
          title: clean(input.title),
          kind: input.kind,
          language: input.language,
          visibility: DocumentVisibility.GROUP,
          publishedVersion: null,
          publishedAt: null,
          currentVersion: 0,
          deletedAt: null,
          createdByUserId: actor.user.id,
          createdByOrganisationId: actor.organisation.id,
        }),
      );
      await record(documentEvent(document, actor, 'document.created', { title: document.title }));
      if (input.text != null) {
        await this.insertVersion(em, record, actor, document, {
          content: VersionContent.TEXT,
          text: input.text,
          changeNote: input.changeNote ?? '',
        });
      }
      return document;
    });
  }

  addTextVersion(actor: Actor, input: AddTextVersionInput): Promise<DocumentVersion> {
    return this.addVersion(actor, input.documentId, input.baseVersion, async (em, record, viewer, document) => {
      const mergedFrom = input.mergedFromVersion ?? null;
      if (mergedFrom !== null && mergedFrom >= input.baseVersion) {
        throw UserInputError.field(
          'input.mergedFromVersion',
          'beforeBase',
          'must be a version before baseVersion (the version the edit was merged with)',
        );
      }
      return this.insertVersion(em, record, viewer, document, {
        content: VersionContent.TEXT,
        text: input.text,
        changeNote: input.changeNote,
        mergedFromVersion: mergedFrom,
      });
    });
  }

  /**
   * Merges a text edited from `baseVersion` with the current version (document.merge.ts), for the
   * editor to check and save as a new version on top of the current one. Nothing is written: the
   * save is an ordinary addTextVersion naming the current version as its base, so a version saved
   * in between is refused with CONFLICT and merged again.
   */
  async merge(actor: Actor, args: DocumentMergeArgs): Promise<DocumentMerge> {
    const { document } = await this.accessFor(actor, args.documentId, 'addVersion');
    const current = document.currentVersion;
    if (args.baseVersion > current) {
      throw UserInputError.field('baseVersion', 'exists', `the document has no version ${args.baseVersion}`);
    }
    const [base, theirs] = await Promise.all([
      args.baseVersion === 0 ? null : this.version(actor, document.id, args.baseVersion),
      current === 0 ? null : this.version(actor, document.id, current),
    ]);
    if (base && base.content !== VersionContent.TEXT) {
      throw UserInputError.field('baseVersion', 'textVersion', `version ${base.number} is a file; only text merges`);
    }
    if (theirs && theirs.content !== VersionContent.TEXT) {
      throw new InvalidStateError(
        `The current version ${theirs.number} is a file; a text cannot be merged with it. Save the text on top of it after comparing by hand.`,
        ['a text current version'],
      );
    }
    return {
      baseVersion: args.baseVersion,
      theirVersion: theirs,
      ...mergeTexts(base?.text ?? '', args.text, theirs?.text ?? ''),
    };
  }

  addFileVersion(actor: Actor, input: AddFileVersionInput): Promise<DocumentVersion> {
    return this.addVersion(actor, input.documentId, input.baseVersion, async (em, record, viewer, document) => {
      // Locked, so two saves cannot both attach the same upload (a unique index backs this up).
      const blob = UUID.test(input.uploadId)
        ? await em
            .getRepository(FileBlob)
            .createQueryBuilder('b')
            .setLock('pessimistic_write')
            .where('b.id = :id', { id: input.uploadId })
            .getOne()
        : null;
      if (!blob || blob.status !== 'READY' || blob.uploadedByUserId !== viewer.user.id) {
        throw UserInputError.field('input.uploadId', 'exists', 'is not a finished upload of yours');
      }
      const used = await em.getRepository(DocumentVersion).existsBy({ blobId: blob.id });
      if (used) throw UserInputError.field('input.uploadId', 'unused', 'is already attached to a version');
      return this.insertVersion(em, record, viewer, document, {
        content: VersionContent.FILE,
        blob,
        changeNote: input.changeNote,
      });
    });
  }

  private async addVersion(
    actor: Actor,
    documentId: string,
    baseVersion: number,
    insert: (em: EntityManager, record: RecordEvent, viewer: Actor, document: Document) => Promise<DocumentVersion>,
  ): Promise<DocumentVersion> {
    await this.accessFor(actor, documentId, 'addVersion');
    return this.events.transaction(async (em, record) => {
      // The row lock orders concurrent saves: the second sees the first one's version number.
      const document = await em
        .getRepository(Document)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .where('d.id = :id', { id: documentId })
        .getOneOrFail();
      if (document.deletedAt) throw new NotFoundError('Document', documentId);
      if (document.currentVersion !== baseVersion) {
        throw new ConflictError(
          `Version ${document.currentVersion} was saved after version ${baseVersion}, which this change is based on. Nothing was overwritten: compare with version ${document.currentVersion} and save again.`,
          { field: 'input.baseVersion', currentVersion: document.currentVersion },
        );
      }
      return insert(em, record, actor, document);
    });
  }

  private async insertVersion(
    em: EntityManager,
    record: RecordEvent,
    viewer: Actor,
    document: Document,
    v:
      | { content: VersionContent.TEXT; text: string; changeNote: string; mergedFromVersion?: number | null }
      | { content: VersionContent.FILE; blob: FileBlob; changeNote: string },
  ): Promise<DocumentVersion> {
    const number = document.currentVersion + 1;
    const stored =
      v.content === VersionContent.TEXT
        ? (() => {
            const bytes = Buffer.from(v.text, 'utf8');
            return {
              text: v.text,
              blobId: null,
              fileName: null,
              mediaType: 'text/markdown',
              size: bytes.length,
              sha256: createHash('sha256').update(bytes).digest('hex'),
            };
          })()
        : {
            text: null,
            blobId: v.blob.id,
            fileName: v.blob.fileName,
            mediaType: v.blob.mediaType!,
            size: Number(v.blob.size),
            sha256: v.blob.sha256!,
          };
    const fields = {
      documentId: document.id,
      number,
      content: v.content,
      ...stored,
      changeNote: v.changeNote.trim(),
      mergedFromVersion: v.content === VersionContent.TEXT ? (v.mergedFromVersion ?? null) : null,
      authorUserId: viewer.user.id,
      authorOrganisationId: viewer.organisation.id,
    };
    const version = await em.getRepository(DocumentVersion).save(em.getRepository(DocumentVersion).create(fields));
    // Title and text, stemmed in the document's language, for full-text search.
    await em.query(
      `UPDATE document_version SET search_vector =
         setweight(to_tsvector($2::regconfig, $3), 'A') || setweight(to_tsvector($2::regconfig, coalesce(text, '')), 'B')
       WHERE id = $1`,
      [version.id, searchConfig(document.language), `${document.title} ${fields.fileName ?? ''}`],
    );
    await em.getRepository(Document).update({ id: document.id }, { currentVersion: number });
    document.currentVersion = number;
    await record(documentEvent(document, viewer, 'document.version_added', { number, content: v.content }));
    return version;
  }

  /** Rename, change kind or visibility: the creator's organisation or a coordinator; publishing is for coordinators. */
  async update(actor: Actor, documentId: string, input: UpdateDocumentInput): Promise<Document> {
    const publishing = input.visibility === DocumentVisibility.PUBLISHED;
    // Publishing is the coordinators' alone, even for the owning organisation.
    const { document } = await this.accessFor(actor, documentId, publishing ? 'publish' : 'change');
    return this.events.transaction(async (em, record) => {
      const changes: Partial<Document> = {};
      if (input.title != null) changes.title = clean(input.title);
      if (input.kind != null) changes.kind = input.kind;
      if (input.visibility != null) changes.visibility = input.visibility;
      if (input.expectedVersion != null && input.visibility !== DocumentVisibility.PUBLISHED) {
        throw UserInputError.field('input.expectedVersion', 'withPublish', 'is only given when publishing');
      }
      if (!Object.keys(changes).length) return document;
      // Locked: a version saved meanwhile must not slip into what suppliers read unseen.
      const locked = await em
        .getRepository(Document)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .where('d.id = :id', { id: document.id })
        .getOneOrFail();
      if (input.visibility === DocumentVisibility.PUBLISHED) {
        // Publishing (again) fixes the version suppliers read: the latest one now.
        if (input.expectedVersion != null && input.expectedVersion !== locked.currentVersion) {
          throw new ConflictError(
            `Version ${locked.currentVersion} was saved after version ${input.expectedVersion}, which was to be published. Nothing was published: look at version ${locked.currentVersion} and publish again.`,
            { field: 'input.expectedVersion', currentVersion: locked.currentVersion },
          );
        }
        if (locked.currentVersion === 0 && locked.parentType === DocumentParent.PROCUREMENT) {
          throw new InvalidStateError('An empty document cannot be published; save a version first.', ['a version']);
        }
        changes.publishedVersion = locked.currentVersion || null;
        changes.publishedAt = new Date();
      } else if (input.visibility === DocumentVisibility.GROUP) {
        changes.publishedVersion = null;
        changes.publishedAt = null;
      }
      await em.getRepository(Document).update({ id: document.id }, changes);
      if (changes.title) await record(documentEvent(document, actor, 'document.renamed', { title: changes.title }));
      if (
        changes.visibility &&
        (changes.visibility !== locked.visibility || changes.publishedVersion !== locked.publishedVersion)
      ) {
        await record(
          documentEvent(
            document,
            actor,
            'document.visibility_changed',
            { visibility: changes.visibility, publishedVersion: changes.publishedVersion ?? null },
            true,
          ),
        );
      }
      if (changes.kind) await record(documentEvent(document, actor, 'document.updated', { kind: changes.kind }));
      return em.getRepository(Document).findOneByOrFail({ id: document.id });
    });
  }

  /**
   * Soft delete: the document disappears from lists and reads; its versions stay for the audit
   * trail. Not once an authority keeps it as a record (under the row lock marking takes too).
   */
  async delete(actor: Actor, documentId: string): Promise<Document> {
    const { document } = await this.accessFor(actor, documentId, 'delete');
    return this.events.transaction(async (em, record) => {
      const locked = await em
        .getRepository(Document)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .where('d.id = :id', { id: document.id })
        .getOneOrFail();
      if (locked.deletedAt) throw new NotFoundError('Document', documentId);
      await requireNotRecord(em, RecordSubject.DOCUMENT, document.id, 'document');
      document.deletedAt = new Date();
      await em.getRepository(Document).update({ id: document.id }, { deletedAt: document.deletedAt });
      await record(documentEvent(document, actor, 'document.deleted', {}));
      return document;
    });
  }

  // ---- presence ----

  /** Follow who has the document open (and announce the viewer as present while subscribed). */
  async presence(actor: Actor, documentId: string): Promise<AsyncIterable<PresenceSnapshot | { end: Error }>> {
    const startedAt = this.streams.position();
    const { document } = await this.access(actor, documentId);
    return this.presenceTracker.open({
      documentId: document.id,
      groupId: document.groupId,
      organisationId: await this.streams.grant(actor, document.groupId, startedAt),
      userId: actor.user.id,
      displayName: actor.user.displayName,
    });
  }

  async setEditing(actor: Actor, documentId: string, editing: boolean): Promise<boolean> {
    const { document } = await this.accessFor(actor, documentId, 'signalEditing');
    await this.presenceTracker.setEditing(document.id, document.groupId, actor.user.id, editing);
    return true;
  }

  // ---- reading ----

  /** One version by its number (a download must not load every version's text to find it). */
  async version(_actor: Actor, documentId: string, number: number): Promise<DocumentVersion> {
    const version =
      // A number no version can have (PostgreSQL integer range) is simply not found.
      UUID.test(documentId) && Number.isInteger(number) && number >= 1 && number <= 2_147_483_647
        ? await this.db.getRepository(DocumentVersion).findOneBy({ documentId, number })
        : null;
    if (!version) throw new NotFoundError('DocumentVersion', `${documentId}#${number}`);
    return version;
  }

  /** Line diff between two text versions, as hunks a client renders directly. */
  async diff(actor: Actor, documentId: string, from: number, to: number): Promise<DiffHunk[]> {
    await this.access(actor, documentId);
    const [a, b] = await Promise.all([this.version(actor, documentId, from), this.version(actor, documentId, to)]);
    for (const [v, field] of [
      [a, 'from'],
      [b, 'to'],
    ] as const) {
      if (v.content !== VersionContent.TEXT) {
        throw UserInputError.field(
          field,
          'textVersion',
          `version ${v.number} is a file; only text versions can be compared`,
        );
      }
    }
    const patch = structuredPatch('', '', a.text ?? '', b.text ?? '', '', '', { context: 3 });
    return patch.hunks.map((h) => ({
      oldStart: h.oldStart,
      oldLines: h.oldLines,
      newStart: h.newStart,
      newLines: h.newLines,
      lines: h.lines
        .filter((l) => !l.startsWith('\\'))
        .map((l) => ({
          kind: l[0] === '+' ? 'ADDED' : l[0] === '-' ? 'REMOVED' : 'CONTEXT',
          text: l.slice(1),
        })),
    }));
  }
}
