import { Button, Card, Details, Heading, Paragraph, Search, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { GuestTag, isGuestOrganisation } from '../components/Guest';
import { SelectField } from '../components/SelectField';
import { FOCUS_AREAS } from '../lib/enums';
import { graphql } from '../lib/graphql';
import { useViewer } from '../lib/session';
import { usePageTitle } from '../lib/title';

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

/** Every group the viewer may see (their own and listed ones), and forming a new one. */
export function Groups() {
  const { t } = useTranslation();
  usePageTitle(t('groups.title'));
  const navigate = useNavigate();
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
  const [created, createGroup] = useMutation(CreateGroup);
  const [name, setName] = useState('');
  const [focusArea, setFocusArea] = useState<FocusArea>('WELFARE_TECHNOLOGY');
  const [visibility, setVisibility] = useState<'LISTED' | 'UNLISTED'>('UNLISTED');
  const [description, setDescription] = useState('');
  const [nameError, setNameError] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setNameError(t('common.required'));
    setNameError(undefined);
    const r = await createGroup({ input: { name: name.trim(), focusArea, visibility, description } });
    if (r.data) navigate(`/groups/${r.data.createBuyerGroup.id}`);
  };

  return (
    <div className="stack-lg">
      <Heading level={1} data-size="lg">
        {t('groups.title')}
      </Heading>
      <Search>
        <Search.Input
          aria-label={t('groups.search')}
          placeholder={t('groups.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Search.Clear onClick={() => setSearch('')} />
      </Search>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
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
        <Details>
          <Details.Summary>{t('groups.create')}</Details.Summary>
          <Details.Content>
            <form onSubmit={submit} className="stack" noValidate>
              <ErrorAlert error={created.error} />
              <Textfield
                label={t('groups.name')}
                value={name}
                onChange={(e) => setName(e.target.value)}
                error={nameError}
                required
              />
              <SelectField
                label={t('groups.focusArea')}
                value={focusArea}
                onChange={(e) => setFocusArea(e.target.value as FocusArea)}
                options={FOCUS_AREAS.map((a) => ({ value: a, label: t(`focusArea.${a}`) }))}
              />
              <SelectField
                label={t('groups.visibility')}
                value={visibility}
                onChange={(e) => setVisibility(e.target.value as 'LISTED' | 'UNLISTED')}
                options={[
                  { value: 'UNLISTED', label: t('groups.visibilityUnlisted') },
                  { value: 'LISTED', label: t('groups.visibilityListed') },
                ]}
              />
              <Textfield
                label={t('groups.description')}
                description={t('common.markdownHelp')}
                multiline
                rows={4}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
              <div>
                <Button type="submit" loading={created.fetching}>
                  {t('groups.createSubmit')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}
    </div>
  );
}
