import { Alert, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { errorCode } from '../lib/errors';
import { useErrorText } from '../lib/error-text';
import { usePageTitle } from '../lib/title';

export function Loading() {
  const { t } = useTranslation();
  return <Spinner aria-label={t('common.loading')} data-size="md" />;
}

/** An API error in the interface language (lib/error-text.ts words it from its code, rule and field). */
export function ErrorAlert({ error }: { error: CombinedError | undefined }) {
  const { text } = useErrorText();
  if (!error) return null;
  return (
    <Alert data-color="danger" role="alert">
      <Paragraph>{text(error)}</Paragraph>
    </Alert>
  );
}

/** A problem already in words (a form's or a row's), as the danger alert every screen shows it in. */
export function ProblemAlert({ text, size }: { text: string | undefined; size?: 'sm' }) {
  if (!text) return null;
  return (
    <Alert data-color="danger" role="alert" data-size={size}>
      <Paragraph data-size={size}>{text}</Paragraph>
    </Alert>
  );
}

/**
 * How a query's list stands: what failed, the spinner until the first answer, and the line that
 * says there is nothing (only once the answer says so).
 */
export function QueryState({
  error,
  loading,
  empty,
  size,
}: {
  error: CombinedError | undefined;
  loading: boolean;
  empty?: string | false | null;
  size?: 'sm';
}) {
  return (
    <>
      <ErrorAlert error={error} />
      {loading && <Loading />}
      {empty && <Paragraph data-size={size}>{empty}</Paragraph>}
    </>
  );
}

/**
 * The polite live region that says what a change did; hidden while empty. `success` shows the
 * words in a success alert (for a change that replaced what the page showed).
 */
export function LiveStatus({ children, small, success }: { children: ReactNode; small?: boolean; success?: boolean }) {
  return (
    <div role="status" aria-live="polite" className={`visually-hidden-when-empty${small ? ' small' : ''}`}>
      {success && children ? (
        <Alert data-color="success" data-size="sm">
          <Paragraph data-size="sm">{children}</Paragraph>
        </Alert>
      ) : (
        children
      )}
    </div>
  );
}

/** A page the viewer may not see: its heading and why, the same on every admin screen. */
export function NotAllowed({ title, text }: { title: string; text: string }) {
  usePageTitle(title);
  return (
    <div className="stack narrow">
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      <Alert data-color="warning">
        <Paragraph>{text}</Paragraph>
      </Alert>
    </div>
  );
}

/**
 * A failed change in words, for lists whose rows change state: their own texts for INVALID_STATE
 * and FORBIDDEN, the interface language's words for the rest.
 */
export function useChangeErrorText(texts: { invalidState: string; forbidden: string }) {
  const { text } = useErrorText();
  return (error: CombinedError | undefined): string => {
    const code = errorCode(error);
    if (!error) return '';
    if (code === 'INVALID_STATE') return texts.invalidState;
    if (code === 'FORBIDDEN') return texts.forbidden;
    return text(error);
  };
}
