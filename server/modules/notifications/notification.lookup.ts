import type { EntityManager } from 'typeorm';
import type { NotificationData } from './notification.entity.js';

/** Paths of the web client (client/src/App.tsx), where each notice leads. */
export const paths = {
  group: (groupId: string) => `/groups/${groupId}`,
  thread: (groupId: string, threadId: string, seq?: number) =>
    `/groups/${groupId}/threads/${threadId}${seq ? `#message-${seq}` : ''}`,
  procurement: (groupId: string, procurementId: string, section?: string) =>
    `/groups/${groupId}/procurements/${procurementId}${section ? `#${section}` : ''}`,
  document: (groupId: string, documentId: string) => `/groups/${groupId}/documents/${documentId}`,
  dialogue: (procurementId: string) => `/market-dialogues/${procurementId}`,
};

export interface ProcurementRow {
  id: string;
  title: string;
  groupId: string;
  leadOrganisationId: string;
  phase: string;
}

/** Names and rows a batch of drafts needs, each read once per batch. */
export class Lookup {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(readonly em: EntityManager) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) this.cache.set(key, (hit = load()));
    return hit;
  }

  private async row<T>(sql: string, params: unknown[]): Promise<T | undefined> {
    return ((await this.em.query(sql, params)) as T[])[0];
  }

  groupName(id: string): Promise<string | undefined> {
    return this.once(
      `g:${id}`,
      async () => (await this.row<{ name: string }>(`SELECT name FROM buyer_group WHERE id = $1`, [id]))?.name,
    );
  }

  organisationName(id: string): Promise<string | undefined> {
    return this.once(
      `o:${id}`,
      async () => (await this.row<{ name: string }>(`SELECT name FROM organisation WHERE id = $1`, [id]))?.name,
    );
  }

  procurement(id: string): Promise<ProcurementRow | undefined> {
    return this.once(`p:${id}`, () =>
      this.row<ProcurementRow>(
        `SELECT id, title, group_id AS "groupId", lead_organisation_id AS "leadOrganisationId", phase
           FROM procurement WHERE id = $1`,
        [id],
      ),
    );
  }

  thread(id: string) {
    return this.once(`t:${id}`, () =>
      this.row<{ title: string; kind: string; parentType: string; parentId: string; groupId: string }>(
        `SELECT title, kind, parent_type AS "parentType", parent_id AS "parentId", group_id AS "groupId" FROM thread WHERE id = $1`,
        [id],
      ),
    );
  }

  document(id: string) {
    return this.once(`d:${id}`, () =>
      this.row<{ title: string; parentType: string; parentId: string; groupId: string; deleted: boolean }>(
        `SELECT title, parent_type AS "parentType", parent_id AS "parentId", group_id AS "groupId",
                deleted_at IS NOT NULL AS deleted
           FROM document WHERE id = $1`,
        [id],
      ),
    );
  }

  /** What buyers' notices about a procurement say: its title and its group's name. */
  async buyersData(p: ProcurementRow): Promise<NotificationData> {
    return { procurementTitle: p.title, groupName: await this.groupName(p.groupId) };
  }
}
