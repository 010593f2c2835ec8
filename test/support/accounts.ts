import type { TestServer } from './server.js';
import { GraphQLClient } from './client.js';
import { PASSWORD } from './factories.js';
import { linkIn } from './smtp.js';

export const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { message } }`;
export const VERIFY = `mutation($input: TokenPasswordInput!) {
  verifyEmail(input: $input) { status email organisationName session { token user { id email organisation { id } } } }
}`;
export const RESET = `mutation($input: NewPasswordInput!) {
  resetPassword(input: $input) { status email organisationName session { token user { id email } } }
}`;
export const APPROVE = `mutation($id: ID!) { approveUser(id: $id) { id status } }`;

export interface Registration {
  email: string;
  displayName?: string;
  organisationId?: string;
  password?: string;
}

/** The token of the newest mail to `email` that links to `path` (waiting for it to arrive). */
export async function tokenFromMail(s: TestServer, email: string, path: string, after = 0): Promise<string> {
  const mail = await s.mail.waitFor(
    (m) => s.mail.received.indexOf(m) >= after && m.to.includes(email.toLowerCase()) && m.text.includes(path),
  );
  return linkIn(mail, path).searchParams.get('token')!;
}

/**
 * Registers through the API and confirms the address with the link the SMTP server received, as a
 * person would. Returns the outcome (status, and a session when the account is active at once).
 */
export async function registerAndVerify(s: TestServer, r: Registration) {
  const before = s.mail.received.length;
  const password = r.password ?? PASSWORD;
  await s.anon.ok(REGISTER, {
    input: { email: r.email, password, displayName: r.displayName ?? 'New Person', organisationId: r.organisationId },
  });
  const token = await tokenFromMail(s, r.email, '/verify-email', before);
  const { verifyEmail } = await s.anon.ok(VERIFY, { input: { token, password } });
  return verifyEmail as {
    status: string;
    email: string;
    session: { token: string; user: { id: string; email: string; organisation: { id: string } } } | null;
  };
}

/** An active account from registration: verified, and approved by `approver` when the organisation asks. */
export async function registerActive(s: TestServer, r: Registration, approver?: GraphQLClient) {
  const outcome = await registerAndVerify(s, r);
  if (outcome.session) return { ...outcome.session, client: new GraphQLClient(s.url, outcome.session.token) };
  if (!approver) throw new Error(`account is ${outcome.status} and no approver was given`);
  const { users } = await approver.ok(
    `query($org: ID, $email: String) {
      users(organisationId: $org, status: [PENDING_APPROVAL], search: $email) { nodes { id email } }
    }`,
    { org: r.organisationId, email: r.email.toLowerCase() },
  );
  await approver.ok(APPROVE, { id: users.nodes[0].id });
  const { signIn } = await s.anon.ok(
    `mutation($input: SignInInput!) { signIn(input: $input) { token user { id email organisation { id } } } }`,
    { input: { email: r.email, password: r.password ?? PASSWORD } },
  );
  return { ...signIn, client: new GraphQLClient(s.url, signIn.token) };
}
