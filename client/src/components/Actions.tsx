import { Button, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';

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
