import { gql } from './graphql.js';
import { bearer, origin } from './helpers.js';
import type { TestUser } from './factories.js';
import type { TestServer } from './server.js';

/** Public records through the API: marking, the journal, case files and archive downloads. */

export const MARK = gql(`mutation($input: MarkAsRecordInput!) {
  markAsRecord(input: $input) {
    id subject subjectId documentVersion journalNumber journalYear journalSequence casePosition caseNumber
    direction title counterparts classification legalBasis { code reference country } markedBy { id }
  }
}`);

export const JOURNAL = gql(`query($from: LocalDate!, $to: LocalDate!, $first: Int, $after: String) {
  recordJournal(from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { subjectId journalNumber direction title counterparts classification legalBasis { code reference } }
  }
}`);

export const CASE_FILE = gql(`query($id: ID!) {
  jointProcurement(id: $id) {
    id caseFile {
      scope title closedAt
      records { id kind subject title description author organisationName direction deletedAt versions
        viewerRecord { journalNumber classification } }
    }
  }
}`);

export const ARCHIVE_INFO = gql(`query($id: ID!, $format: ArchiveFormat) {
  jointProcurement(id: $id) { id caseFile { archive(format: $format) { format url fileName fileCount byteSize } } }
}`);

export const LEGAL_BASES = gql(`query($country: Country) { legalBases(country: $country) { code country reference } }`);

/** GET a path of the server, signed in as `u` (or anonymously). */
export const get = (s: TestServer, path: string, u?: TestUser) =>
  fetch(`${origin(s)}${path}`, { headers: u ? bearer(u) : {} });

/** A download that must succeed: its bytes and headers. */
export async function download(s: TestServer, path: string, u: TestUser) {
  const res = await get(s, path, u);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}
