import type { TestUser } from './factories.js';
import type { TestServer } from './server.js';

/** What the notification tests share: waiting for the projector, reading an inbox. */

/** Every running instance (the test's server and those it started), for `settled`. */
type Running = Pick<TestServer['app'], 'services' | 'projector'>;

/** Waits until the bus and the projector of each instance have processed everything committed so far. */
export async function settled(s: TestServer, ...others: Running[]): Promise<void> {
  for (const app of [s.app, ...others]) {
    await app.services.bus.settle();
    await app.projector.settle();
  }
}

export const INBOX = `query($first: Int) {
  unreadNotificationCount
  notifications(first: $first) {
    totalCount
    nodes {
      id kind path url readAt
      actor { id }
      group { id }
      procurement { id }
      marketDialogue { id }
      thread { id }
      document { id }
      details { groupName procurementTitle title organisationName at phase fromPhase outcome approved number milestoneKind }
    }
  }
}`;

export interface Notice {
  id: string;
  kind: string;
  path: string;
  url: string;
  readAt: string | null;
  actor: { id: string } | null;
  group: { id: string } | null;
  procurement: { id: string } | null;
  marketDialogue: { id: string } | null;
  thread: { id: string } | null;
  document: { id: string } | null;
  details: {
    groupName: string | null;
    procurementTitle: string | null;
    title: string | null;
    organisationName: string | null;
    at: string | null;
    phase: string | null;
    fromPhase: string | null;
    outcome: string | null;
    approved: boolean | null;
    number: number | null;
    milestoneKind: string | null;
  };
}

/** The user's notices, newest first. */
export async function inbox(u: TestUser): Promise<Notice[]> {
  const { notifications } = await u.client.ok<{ notifications: { nodes: Notice[] } }>(INBOX, { first: 100 });
  return notifications.nodes;
}

/** The user's notices of one kind, newest first. */
export const noticesOf = async (u: TestUser, kind: string) => (await inbox(u)).filter((n) => n.kind === kind);

/** The kinds in the user's inbox, oldest first. */
export const kindsOf = async (u: TestUser) => (await inbox(u)).map((n) => n.kind).reverse();
