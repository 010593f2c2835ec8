import { useTranslation } from 'react-i18next';

export interface CpvEntry {
  code: string;
  title?: string | null;
}

/**
 * CPV codes with their titles beside them ("60130000 Special-purpose road passenger-transport
 * services"), one per line: a code alone tells a reader nothing. The titles are the CPV list's
 * English ones (the list the platform imports); a code not in the list shows alone.
 */
export function CpvCodes({ cpv, label }: { cpv: readonly CpvEntry[]; label?: boolean }) {
  const { t } = useTranslation();
  if (cpv.length === 0) return null;
  return (
    <div className="cpv-codes small">
      {label && <span className="cpv-label">{t('group.cpv')}:</span>}
      <ul className="plain-list">
        {cpv.map((c) => (
          <li key={c.code}>
            <span className="cpv-code">{c.code}</span>
            {c.title && (
              <>
                {' '}
                <span lang="en">{c.title}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
