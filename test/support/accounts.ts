import type { TestServer } from './server.js';
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
