import { defineEvents } from '../../events/define.js';

export const organisationEvents = defineEvents({
  'organisation.access_changed': {
    audience: 'user',
    description: 'How people join the organisation changed (domains, subdomains, approval).',
    payload: { organisationId: 'id', emailDomains: 'strings', allowSubdomains: 'boolean', requiresApproval: 'boolean' },
  },
});
