import { Button, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../lib/graphql';
import { ErrorAlert, LiveStatus } from './Feedback';

const Mute = graphql(`
  mutation MuteFromPage($groupId: ID, $procurementId: ID) {
    muteNotifications(groupId: $groupId, procurementId: $procurementId) {
      groupId
      procurementId
    }
  }
`);

const Unmute = graphql(`
  mutation UnmuteFromPage($groupId: ID, $procurementId: ID) {
    unmuteNotifications(groupId: $groupId, procurementId: $procurementId) {
      groupId
      procurementId
    }
  }
`);

/** What a page mutes: its group, its procurement (as the buyers see it) or its market dialogue (as a supplier does). */
export type MuteScope =
  { kind: 'group'; groupId: string } | { kind: 'procurement' | 'dialogue'; procurementId: string };

const ids = (scope: MuteScope) =>
  scope.kind === 'group' ? { groupId: scope.groupId } : { procurementId: scope.procurementId };

/**
 * The page's "mute notifications" switch (muteNotifications / unmuteNotifications): what is muted
 * says so in words beside the button, and the change is announced. A procurement of a muted group
 * is silenced with it; its page says so and offers to unmute the group.
 */
export function MuteToggle({
  scope,
  name,
  muted,
  mutedGroup,
  onChange,
}: {
  scope: MuteScope;
  /** The group's name, the procurement's or the dialogue's title. */
  name: string;
  muted: boolean;
  /** A procurement's group, when the viewer muted it. */
  mutedGroup?: { id: string; name: string } | null;
  onChange(): void;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const [muting, mute] = useMutation(Mute);
  const [unmuting, unmute] = useMutation(Unmute);
  const busy = muting.fetching || unmuting.fetching;

  const change = async (on: boolean, target: MuteScope, targetName: string) => {
    const r = await (on ? mute(ids(target)) : unmute(ids(target)));
    if (r.error) return;
    setStatus(t(on ? 'notifications.mutedNow' : 'notifications.unmutedNow', { name: targetName }));
    onChange();
  };

  const withGroup = !muted && mutedGroup;
  return (
    <div className="mute-toggle stack-sm">
      <div className="row">
        {(muted || withGroup) && (
          <Paragraph data-size="sm">
            {withGroup ? t('mute.withGroup', { group: mutedGroup.name }) : t(`mute.muted.${scope.kind}`)}
          </Paragraph>
        )}
        {withGroup ? (
          <Button
            data-size="sm"
            variant="secondary"
            loading={busy}
            onClick={() => void change(false, { kind: 'group', groupId: mutedGroup.id }, mutedGroup.name)}
          >
            {t('mute.unmuteGroup', { group: mutedGroup.name })}
          </Button>
        ) : (
          <Button
            data-size="sm"
            variant={muted ? 'primary' : 'secondary'}
            loading={busy}
            onClick={() => void change(!muted, scope, name)}
          >
            {t(muted ? `mute.unmute.${scope.kind}` : `mute.mute.${scope.kind}`)}
          </Button>
        )}
      </div>
      <ErrorAlert error={muting.error ?? unmuting.error} />
      <LiveStatus small success>
        {status}
      </LiveStatus>
    </div>
  );
}
