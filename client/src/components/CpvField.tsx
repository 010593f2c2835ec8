import { Textfield } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';

/**
 * CPV codes in one line ("34121000, 60130000"), the first the main classification. The codes are
 * checked by the API (the format, and the CPV list where it is imported); its refusal names the
 * code and stands under the field.
 */
export function CpvField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <Textfield
      label={t('edit.cpvCodes')}
      description={t('edit.cpvHelp')}
      value={value}
      onChange={onChange}
      error={error}
      autoComplete="off"
    />
  );
}
