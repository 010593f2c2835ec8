import { Button, Paragraph } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A form's submit button on a line of its own, the way every form here ends. */
export function SubmitButton({ loading, children }: { loading: boolean; children: ReactNode }) {
  return (
    <div>
      <Button type="submit" loading={loading}>
        {children}
      </Button>
    </div>
  );
}

/**
 * "Are you sure?" in place of a row's buttons: the question, the dangerous button (focused, so a
 * keyboard user lands on it) and cancel; one piece for every irreversible action in a list.
 */
export function ConfirmAction({
  question,
  confirmLabel,
  loading,
  onConfirm,
  onCancel,
}: {
  question: string;
  confirmLabel: string;
  loading: boolean;
  onConfirm: () => void | Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="stack-sm">
      <Paragraph data-size="sm">{question}</Paragraph>
      <div className="row">
        <Button data-size="sm" data-color="danger" autoFocus loading={loading} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button data-size="sm" variant="tertiary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </div>
  );
}
