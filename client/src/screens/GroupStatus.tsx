import { Alert, Button, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { ErrorAlert, LiveStatus } from '../components/Feedback';
import { graphql } from '../lib/graphql';
import { useGroup } from './GroupShell';

const ActivateGroup = graphql(`
  mutation ActivateGroup($id: ID!) {
    updateBuyerGroup(id: $id, input: { status: ACTIVE }) {
      id
      status
    }
  }
`);

/**
 * What the group's status means, where it is not plainly "active": a group being formed works
 * fully already, and only a coordinator's word makes it active (the button for coordinators); an
 * archived group is read-only.
 */
export function GroupStatusNote() {
  const { t } = useTranslation();
  const { group, isCoordinator, refetch } = useGroup();
  const [activated, activate] = useMutation(ActivateGroup);
  if (group.status === 'ACTIVE') {
    return <LiveStatus success>{activated.data ? t('groupStatusNote.activated') : ''}</LiveStatus>;
  }
  return (
    <Alert data-color="info" data-size="sm" className="stack-sm">
      <Paragraph data-size="sm">
        {t(group.status === 'FORMING' ? 'groupStatusNote.forming' : 'groupStatusNote.archived')}
      </Paragraph>
      {group.status === 'FORMING' && isCoordinator && (
        <div>
          <Button
            data-size="sm"
            variant="secondary"
            loading={activated.fetching}
            onClick={async () => {
              const r = await activate({ id: group.id });
              if (r.data) refetch();
            }}
          >
            {t('groupStatusNote.activate')}
          </Button>
        </div>
      )}
      <ErrorAlert error={activated.error} />
    </Alert>
  );
}
