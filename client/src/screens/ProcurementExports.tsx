import { Paragraph } from '@digdir/designsystemet-react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcurementData } from './ProcurementData';

type ExportLink = ProcurementData['exports'][number];

/**
 * The spreadsheet downloads of one kind, in each format the server offers the viewer (it lists
 * only what the viewer may fetch, so nothing shows for the rest). The files come in the viewer's
 * language and time zone, chosen in the profile.
 */
export function ExportLinks({ exports, kind }: { exports: readonly ExportLink[]; kind: ExportLink['kind'] }) {
  const { t } = useTranslation();
  const links = exports.filter((e) => e.kind === kind);
  if (!links.length) return null;
  const what = t(`exports.kind.${kind}`);
  return (
    <Paragraph data-size="sm">
      {what}:{' '}
      {links.map((l, i) => (
        <Fragment key={l.url}>
          {i > 0 && ' · '}
          <a href={l.url} download aria-label={t('exports.link', { what, format: t(`exports.format.${l.format}`) })}>
            {t(`exports.format.${l.format}`)}
          </a>
        </Fragment>
      ))}{' '}
      <span className="muted">{t('exports.help')}</span>
    </Paragraph>
  );
}
