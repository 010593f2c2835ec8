import { defineEvents, toUser } from '../../events/define.js';

export const organisationEvents = defineEvents({
  'organisation.access_changed': toUser('How people join the organisation changed (domains, subdomains, approval).', {
    organisationId: 'id',
    emailDomains: 'strings',
    allowSubdomains: 'boolean',
    requiresApproval: 'boolean',
  }),
  'organisation.details_changed': toUser('The address or contact the organisation’s notices name changed.', {
    organisationId: 'id',
    fields: 'strings',
  }),
});
