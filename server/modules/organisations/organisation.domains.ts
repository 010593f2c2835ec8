import type { EntityManager } from 'typeorm';
import { Organisation } from './organisation.entity.js';

/** The domain of an e-mail address. */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);

/** The address's domain and each parent of it: helse.frosta.kommune.no, frosta.kommune.no, kommune.no, no. */
export const domainAndParents = (email: string) =>
  domainOf(email)
    .split('.')
    .map((_, i, parts) => parts.slice(i).join('.'));

/** The organisation's domains admit the address: exactly, or as a subdomain where the organisation allows it. */
export function domainAllowed(email: string, org: Pick<Organisation, 'emailDomains' | 'allowSubdomains'>): boolean {
  const domain = domainOf(email);
  return org.emailDomains.some((d) => domain === d || (org.allowSubdomains && domain.endsWith(`.${d}`)));
}

/** The organisations whose e-mail domains admit the address (registration and single sign-on by domain). */
export async function organisationsAdmitting(em: EntityManager, email: string): Promise<Organisation[]> {
  const orgs = await em
    .getRepository(Organisation)
    .createQueryBuilder('o')
    .where('o.email_domains::text[] && :candidates::text[]', { candidates: domainAndParents(email) })
    .getMany();
  return orgs.filter((o) => domainAllowed(email, o));
}
