import { Alert, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { errorCode, errorMessage } from '../lib/errors';

export function Loading() {
  const { t } = useTranslation();
  return <Spinner aria-label={t('common.loading')} data-size="md" />;
}

/** An API error in words: the server's message for rule violations, a plain one for the rest. */
export function ErrorAlert({ error }: { error: CombinedError | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = errorCode(error);
  const text =
    code === 'NETWORK'
      ? t('errors.network')
      : code === 'NOT_FOUND'
        ? t('errors.notFound')
        : code === 'FORBIDDEN'
          ? t('errors.forbidden')
          : code === 'INTERNAL_SERVER_ERROR' || !code
            ? t('errors.unexpected')
            : errorMessage(error);
  return (
    <Alert data-color="danger" role="alert">
      <Paragraph>{text}</Paragraph>
    </Alert>
  );
}
