import { Card, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { QueryState } from '../components/Feedback';
import { CollapsibleForm, MarkdownField } from '../components/Form';
import { GuestTag, isGuestOrganisation } from '../components/Guest';
import { SearchField } from '../components/Lists';
import { SelectField } from '../components/SelectField';
import { Page } from '../components/Section';
import { FOCUS_AREAS } from '../lib/enums';
import { useForm } from '../lib/form';
import { graphql } from '../lib/graphql';
import { useViewer } from '../lib/session';

const GroupsQuery = graphql(`
  query Groups($search: String) {
    buyerGroups(scope: VISIBLE, first: 50, search: $search) {
      totalCount
      nodes {
        id
        name
        focusArea
        visibility
        status
        createdBy {
          id
          name
        }
        viewerMembership {
          id
          status
          role
          guest
        }
      }
    }
  }
`);

const CreateGroup = graphql(`
  mutation CreateGroup($input: CreateBuyerGroupInput!) {
    createBuyerGroup(input: $input) {
      id
    }
  }
`);

type FocusArea = (typeof FOCUS_AREAS)[number];

/** A public authority forms a new buyer group around a focus area. */
function NewGroupForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [created, createGroup] = useMutation(CreateGroup);
  const form = useForm({
    name: '',
    focusArea: 'WELFARE_TECHNOLOGY' as FocusArea,
    visibility: 'UNLISTED' as 'LISTED' | 'UNLISTED',
    description: '',
  });

  const submit = async () => {
    if (!form.check(form.missing('name'))) return;
    const r = await createGroup({ input: { ...form.values, name: form.values.name.trim() } });
    if (r.data) navigate(`/groups/${r.data.createBuyerGroup.id}`);
  };

  return (
    <CollapsibleForm
      summary={t('groups.create')}
      onSubmit={submit}
      result={created}
      submitLabel={t('groups.createSubmit')}
    >
      <Textfield label={t('groups.name')} {...form.field('name')} required />
      <SelectField
        label={t('groups.focusArea')}
        {...form.field('focusArea')}
        options={FOCUS_AREAS.map((a) => ({ value: a, label: t(`focusArea.${a}`) }))}
      />
      <SelectField
        label={t('groups.visibility')}
        {...form.field('visibility')}
        options={[
          { value: 'UNLISTED', label: t('groups.visibilityUnlisted') },
          { value: 'LISTED', label: t('groups.visibilityListed') },
        ]}
      />
      <MarkdownField label={t('groups.description')} rows={4} {...form.field('description')} />
    </CollapsibleForm>
  );
}

/** Every group the viewer may see (their own and listed ones), and forming a new one. */
export function Groups() {
  const { t } = useTranslation();
  // Buyer groups are formed and joined by public authorities; suppliers meet them in market dialogues.
  const viewer = useViewer();
  const isSupplier = viewer?.organisation.kind === 'SUPPLIER';
  // A guest account takes part in the groups it is invited to; it forms none (the server refuses).
  const guestAccount = isGuestOrganisation(viewer?.organisation);
  const [search, setSearch] = useState('');
  const [{ data, fetching, error }] = useQuery({
    query: GroupsQuery,
    variables: { search: search.trim() || null },
  });

  return (
    <Page title={t('groups.title')}>
      <SearchField label={t('groups.search')} value={search} onChange={setSearch} />
      <QueryState error={error} loading={!data && fetching} />
      {data && (
        <ul className="plain-list card-grid" aria-label={t('groups.results', { count: data.buyerGroups.totalCount })}>
          {data.buyerGroups.nodes.map((g) => (
            <li key={g.id}>
              <Card data-color="neutral">
                <Heading level={2} data-size="xs">
                  <RouterLink to={`/groups/${g.id}`}>{g.name}</RouterLink>
                </Heading>
                <Paragraph data-size="sm">{g.createdBy.name}</Paragraph>
                <div className="row">
                  <Tag data-size="sm">{t(`focusArea.${g.focusArea}`)}</Tag>
                  {g.viewerMembership?.guest && <GuestTag />}
                  {g.viewerMembership && !g.viewerMembership.guest && g.viewerMembership.status !== 'LEFT' && (
                    <Tag data-size="sm" data-color="success">
                      {/* A member's role says more than "member"; otherwise where the membership stands. */}
                      {g.viewerMembership.status === 'ACTIVE'
                        ? t(`role.${g.viewerMembership.role}`)
                        : t(`membershipStatus.${g.viewerMembership.status}`)}
                    </Tag>
                  )}
                  {g.visibility === 'UNLISTED' && (
                    <Tag data-size="sm" data-color="neutral">
                      {t('groups.unlisted')}
                    </Tag>
                  )}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {guestAccount ? (
        <Paragraph>{t('guests.groupsIntro')}</Paragraph>
      ) : isSupplier ? (
        <Paragraph>
          {t('groups.forAuthorities')} <RouterLink to="/market-dialogues">{t('layout.marketDialogues')}</RouterLink>
        </Paragraph>
      ) : (
        <NewGroupForm />
      )}
    </Page>
  );
}
