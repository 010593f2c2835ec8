import { Button, Paragraph } from '@digdir/designsystemet-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, LiveStatus, Loading } from '../components/Feedback';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { graphql } from '../lib/graphql';
import { NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS, type NotificationDelivery } from '../lib/notifications';

const SETTINGS = `kinds { kind delivery defaultDelivery } mutes { groupId procurementId name } digestHour timeZone`;

const SettingsQuery = graphql(`
  query NotificationSettings {
    notificationSettings { ${SETTINGS} }
  }
`);

const SetDelivery = graphql(`
  mutation SetNotificationDelivery($kind: NotificationKind!, $delivery: NotificationDelivery!) {
    setNotificationPreference(kind: $kind, delivery: $delivery) {
      kind
      delivery
    }
  }
`);

const SetDigestHour = graphql(`
  mutation SetDigestHour($hour: Int!) {
    setDigestHour(hour: $hour) { ${SETTINGS} }
  }
`);

const Unmute = graphql(`
  mutation UnmuteNotifications($groupId: ID, $procurementId: ID) {
    unmuteNotifications(groupId: $groupId, procurementId: $procurementId) {
      groupId
      procurementId
      name
    }
  }
`);

const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/**
 * The viewer's notification settings (the profile's #notifications, where every e-mail's settings
 * link leads): how each kind is delivered, the digest's hour, and what is muted. Each change is
 * saved at once and said in the status line.
 */
export function NotificationSettingsSection() {
  const { t } = useTranslation();
  const location = useLocation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: SettingsQuery, requestPolicy: 'network-only' });
  const [, setDelivery] = useMutation(SetDelivery);
  const [, setDigestHour] = useMutation(SetDigestHour);
  const [, unmute] = useMutation(Unmute);
  const [status, setStatus] = useState('');
  const [chosen, setChosen] = useState<Record<string, NotificationDelivery>>({});
  const section = useRef<HTMLDivElement>(null);

  // A link from an e-mail (/profile#notifications) lands here once the settings have loaded.
  useEffect(() => {
    if (data && location.hash === '#notifications') section.current?.scrollIntoView();
  }, [data, location.hash]);

  const settings = data?.notificationSettings;
  return (
    <div ref={section}>
      <Section id="notifications" title={t('notifications.settings')} size="sm" className="stack-sm">
        <Paragraph data-size="sm">{t('notifications.settingsIntro')}</Paragraph>
        <LiveStatus small success>
          {status}
        </LiveStatus>
        {!settings ? (
          fetching ? (
            <Loading />
          ) : (
            <ErrorAlert error={error} />
          )
        ) : (
          <>
            <SelectField
              label={t('notifications.digestHour')}
              value={String(settings.digestHour)}
              aria-describedby="digest-hour-help"
              options={Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hourLabel(h) }))}
              onChange={async (e) => {
                const hour = Number(e.target.value);
                const r = await setDigestHour({ hour });
                if (r.data) setStatus(t('notifications.digestSaved', { hour: hourLabel(hour) }));
              }}
            />
            <Paragraph data-size="sm" id="digest-hour-help">
              {t('notifications.digestHourHelp', { timeZone: settings.timeZone })}
            </Paragraph>
            <fieldset className="stack-sm notice-fieldset">
              <legend>{t('notifications.kinds')}</legend>
              <div className="notice-settings">
                {NOTIFICATION_KINDS.map((kind) => {
                  const row = settings.kinds.find((k) => k.kind === kind);
                  if (!row) return null;
                  const value = chosen[kind] ?? row.delivery;
                  return (
                    <SelectField
                      key={kind}
                      label={t(`notificationKind.${kind}`)}
                      title={t('notifications.defaultIs', {
                        delivery: t(`notificationDelivery.${row.defaultDelivery}`),
                      })}
                      value={value}
                      options={NOTIFICATION_DELIVERIES.map((d) => ({
                        value: d,
                        label: t(`notificationDelivery.${d}`),
                      }))}
                      onChange={async (e) => {
                        const delivery = e.target.value as NotificationDelivery;
                        setChosen((c) => ({ ...c, [kind]: delivery }));
                        const r = await setDelivery({ kind, delivery });
                        if (r.data) {
                          setStatus(
                            t('notifications.saved', {
                              kind: t(`notificationKind.${kind}`),
                              delivery: t(`notificationDelivery.${delivery}`),
                            }),
                          );
                        }
                      }}
                    />
                  );
                })}
              </div>
            </fieldset>
            <Section title={t('notifications.muted')} level={3} size="xs" className="stack-sm">
              {settings.mutes.length === 0 ? (
                <Paragraph data-size="sm">{t('notifications.mutedNone')}</Paragraph>
              ) : (
                <ul className="stack-sm">
                  {settings.mutes.map((m) => (
                    <li key={m.groupId ?? m.procurementId} className="row">
                      <span>{m.name}</span>
                      <Button
                        variant="tertiary"
                        data-size="sm"
                        aria-label={t('notifications.unmute', { name: m.name })}
                        onClick={async () => {
                          const r = await unmute({ groupId: m.groupId, procurementId: m.procurementId });
                          if (r.data) {
                            setStatus(t('notifications.unmutedNow', { name: m.name }));
                            refetch({ requestPolicy: 'network-only' });
                          }
                        }}
                      >
                        {t('notifications.unmuteShort')}
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </>
        )}
      </Section>
    </div>
  );
}
