import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { verifyPassword } from '../../auth/password.js';
import type { SessionService } from '../../auth/session.service.js';
import { InvalidStateError, UserInputError } from '../../errors.js';
import type { EventWriter } from '../../events/event-log.js';
import type { BlobStore } from '../documents/blob.store.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { OrganisationRole, User, UserStatus } from '../users/user.entity.js';
import { ERASED, hiddenColumn, NOT_THEIRS, notScrubbed } from './privacy.catalogue.js';
import { privacyPolicy } from './privacy.policy.js';
import type { DeleteAccountInput } from './privacy.types.js';

/** A column that names a person, as the schema has it. */
export interface PersonColumn {
  table: string;
  column: string;
}

/** One file of the person's: a version of a document they wrote. */
export interface PersonalFile {
  path: string;
  open(): Readable;
  text?: string;
}

export interface PersonalData {
  json: Record<string, unknown>;
  files: PersonalFile[];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** A literal for a PostgreSQL regular expression (ARE): every character that means something escaped. */
const regexLiteral = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

/**
 * People's own data (GDPR articles 15, 17 and 20): a person downloads everything about them, and
 * deletes their account. Deleting keeps what is a record of their authority's work (messages,
 * document versions, votes, mandates, questions ...) with the person's name replaced by their role
 * and organisation, and removes the rest (sessions, identities, inbox, preferences, reactions ...).
 */
export class PrivacyService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly sessions: SessionService,
    private readonly blobs: BlobStore,
  ) {}

  /** Every uuid column of the schema named `user_id` or `…_user_id`: where people are referred to. */
  async personColumns(em: EntityManager | DataSource = this.db): Promise<PersonColumn[]> {
    return (await em.query(
      `SELECT c.table_name AS "table", c.column_name AS "column"
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.data_type = 'uuid'
          AND (c.column_name = 'user_id' OR c.column_name LIKE '%\\_user\\_id')
        ORDER BY 1, 2`,
    )) as PersonColumn[];
  }

  /** Everything about the actor: their account, every row that names them as its person, and their files. */
  async exportData(actor: Actor): Promise<PersonalData> {
    privacyPolicy.authorize(actor, 'export', { userId: actor.user.id });
    const userId = actor.user.id;
    // One snapshot, so the rows agree with each other.
    return this.db.transaction('REPEATABLE READ', async (em) => {
      const [account] = (await em.query(
        `SELECT u.id, u.email, u.display_name AS "displayName", u.locale, u.time_zone AS "timeZone",
                u.digest_hour AS "digestHour", u.role, u.status, u.is_admin AS "platformAdmin",
                u.created_at AS "createdAt", u.email_verified_at AS "emailVerifiedAt",
                json_build_object('id', o.id, 'name', o.name) AS organisation
           FROM user_account u JOIN organisation o ON o.id = u.organisation_id WHERE u.id = $1`,
        [userId],
      )) as Record<string, unknown>[];
      const records: Record<string, Record<string, unknown[]>> = {};
      for (const { table, column } of await this.personColumns(em)) {
        if (NOT_THEIRS.has(`${table}.${column}`)) continue;
        const rows = (await em.query(`SELECT * FROM ${ident(table)} WHERE ${ident(column)} = $1 ORDER BY 1`, [
          userId,
        ])) as Record<string, unknown>[];
        if (!rows.length) continue;
        (records[table] ??= {})[column] = rows.map(visible);
      }
      const events = (await em.query(
        `SELECT id, type, scope_type AS "scopeType", scope_id AS "scopeId", group_id AS "groupId", payload, created_at AS "createdAt"
           FROM event WHERE actor_user_id = $1 ORDER BY id`,
        [userId],
      )) as unknown[];
      const files = await this.files(em, userId);
      return {
        json: {
          exportedAt: new Date().toISOString(),
          about:
            'Everything Samverka holds about this account: the account, every row that names it (by table and column), the events it caused, and the document versions it wrote (in files/).',
          account,
          records,
          events,
          files: files.map((f) => f.path),
        },
        files,
      };
    });
  }

  /** The document versions the person wrote: text as Markdown, files as stored. */
  private async files(em: EntityManager, userId: string): Promise<PersonalFile[]> {
    const versions = (await em.query(
      `SELECT d.id AS "documentId", d.title, v.number, v.content, v.text, v.blob_id AS "blobId", v.file_name AS "fileName"
         FROM document_version v JOIN document d ON d.id = v.document_id
        WHERE v.author_user_id = $1 ORDER BY d.id, v.number`,
      [userId],
    )) as {
      documentId: string;
      title: string;
      number: number;
      content: string;
      text: string | null;
      blobId: string | null;
      fileName: string | null;
    }[];
    return versions.map((v) => {
      const base = `files/${v.documentId}/v${v.number}`;
      if (v.blobId) {
        const blobId = v.blobId;
        return { path: `${base}-${safeName(v.fileName ?? v.title)}`, open: () => this.blobs.open(blobId) };
      }
      return { path: `${base}-${safeName(v.title)}.md`, text: v.text ?? '', open: () => notAFile() };
    });
  }

  /**
   * Deletes the actor's account. Refused while they are their organisation's only active
   * administrator (someone must keep vouching for its people), or the platform's only operator.
   */
  async deleteAccount(actor: Actor, input: DeleteAccountInput): Promise<boolean> {
    privacyPolicy.authorize(actor, 'delete', { userId: actor.user.id });
    const user = await this.db.getRepository(User).findOneByOrFail({ id: actor.user.id });
    // Whoever holds the session must also know the password, where the account has one.
    if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.password ?? ''))) {
      throw UserInputError.field('input.password', 'matches', 'is not your password');
    }
    if (input.confirmEmail.trim().toLowerCase() !== user.email.toLowerCase()) {
      throw UserInputError.field('input.confirmEmail', 'matches', 'must be the e-mail address of your account');
    }
    await this.events.transaction(async (em, record) => {
      const [u] = (await em.query(`SELECT * FROM user_account WHERE id = $1 FOR UPDATE`, [user.id])) as {
        status: UserStatus;
      }[];
      if (u.status === UserStatus.DELETED) throw new InvalidStateError('The account is deleted.', ['an account']);
      // Admin changes in one organisation are serialised, so "the last admin" holds under concurrency.
      const org = await em.getRepository(Organisation).findOneOrFail({
        where: { id: user.organisationId },
        lock: { mode: 'pessimistic_write' },
      });
      await this.assertReplaceable(em, user);
      const stands = formerName(user, org);
      await this.sessions.revokeAll(em, record, user.id);
      for (const table of ERASED) await em.query(`DELETE FROM ${ident(table)} WHERE user_id = $1`, [user.id]);
      await em.query(`DELETE FROM mail_outbox WHERE lower(to_address) = lower($1)`, [user.email]);
      await this.scrub(em, user.displayName, stands, true);
      await this.scrub(em, user.email, `deleted-${user.id}@invalid`, false);
      // A text version whose words changed must describe them again (its size and checksum go into archives).
      await em.query(
        `UPDATE document_version SET size = octet_length(text), sha256 = encode(sha256(convert_to(text, 'UTF8')), 'hex')
          WHERE content = 'TEXT' AND text IS NOT NULL AND sha256 <> encode(sha256(convert_to(text, 'UTF8')), 'hex')`,
      );
      await em.query(
        `UPDATE user_account SET display_name = $2, email = $3, password_hash = NULL, status = 'DELETED',
                deleted_at = now(), email_verified_at = NULL
          WHERE id = $1`,
        [user.id, stands, `deleted-${user.id}@invalid`],
      );
      await record({
        scopeType: 'user',
        scopeId: user.id,
        groupId: null,
        type: 'user.deleted',
        payload: { organisationId: user.organisationId },
      });
    });
    return true;
  }

  private async assertReplaceable(em: EntityManager, u: User): Promise<void> {
    if (u.role === OrganisationRole.ADMIN) {
      const [{ admins, others }] = (await em.query(
        `SELECT count(*) FILTER (WHERE role = 'ADMIN')::int AS admins, count(*)::int AS others
           FROM user_account WHERE organisation_id = $1 AND status = 'ACTIVE' AND id <> $2`,
        [u.organisationId, u.id],
      )) as { admins: number; others: number }[];
      if (others > 0 && admins === 0) {
        throw new InvalidStateError(
          'You are the only administrator of your organisation: make a colleague administrator first.',
          ['another active administrator'],
        );
      }
    }
    if (u.isAdmin) {
      const [{ n }] = (await em.query(
        `SELECT count(*)::int AS n FROM user_account WHERE is_admin AND status = 'ACTIVE' AND id <> $1`,
        [u.id],
      )) as { n: number }[];
      if (n === 0) {
        throw new InvalidStateError('You are the only platform administrator.', ['another platform admin']);
      }
    }
  }

  /**
   * Replaces `from` by `to` in every text the platform keeps (messages and their revisions, document
   * texts, notices, mail copies, event payloads ...), so no answer or export names the person. A name
   * is replaced as a whole word only (so "Al" does not change "Also"); an address anywhere.
   */
  private async scrub(em: EntityManager, from: string, to: string, wholeWord: boolean): Promise<void> {
    if (!from.trim()) return;
    const columns = (await em.query(
      `SELECT c.table_name AS "table", c.column_name AS "column", c.data_type AS type
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
          AND c.data_type IN ('text', 'character varying', 'jsonb')
          AND NOT (c.table_name = 'user_account' AND c.column_name IN ('display_name', 'email'))`,
    )) as { table: string; column: string; type: string }[];
    const pattern = wholeWord ? `\\m${regexLiteral(from)}\\M` : regexLiteral(from);
    // In JSON the name is inside a string: replace it in the text of the document, escaped as JSON.
    const jsonFrom = JSON.stringify(from).slice(1, -1);
    const jsonTo = JSON.stringify(to).slice(1, -1);
    const jsonPattern = wholeWord ? `\\m${regexLiteral(jsonFrom)}\\M` : regexLiteral(jsonFrom);
    for (const { table, column, type } of columns) {
      if (notScrubbed(table)) continue;
      const c = ident(column);
      if (type === 'jsonb') {
        await em.query(
          `UPDATE ${ident(table)} SET ${c} = regexp_replace(${c}::text, $1, $2, 'g')::jsonb WHERE ${c}::text ~ $1`,
          [jsonPattern, jsonTo.replace(/\\/g, '\\\\')],
        );
      } else {
        await em.query(`UPDATE ${ident(table)} SET ${c} = regexp_replace(${c}, $1, $2, 'g') WHERE ${c} ~ $1`, [
          pattern,
          to.replace(/\\/g, '\\\\'),
        ]);
      }
    }
  }
}

/** What stands in a deleted person's place: their role and organisation ("Former administrator, Trondheim kommune"). */
export const formerName = (u: User, org: Organisation): string =>
  `Former ${u.role === OrganisationRole.ADMIN ? 'administrator' : 'member of staff'}, ${org.name}`.slice(0, 120);

/** A row as exported: secrets and search data left out. */
function visible(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !hiddenColumn(k)));
}

const safeName = (s: string) => s.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 100) || 'file';

function notAFile(): never {
  throw new Error('a text version has no stored file');
}
