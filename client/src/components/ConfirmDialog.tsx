import { Button, Dialog, Heading } from '@digdir/designsystemet-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { ErrorAlert, ProblemAlert } from './Feedback';

/**
 * The question before an act that cannot be taken back (publishing to suppliers, moving a phase,
 * removing an organisation, changing a role): a modal dialog with a preview of exactly what will
 * happen, the act's own button and Cancel. Cancel, Escape and the close button do nothing but close.
 *
 * Kept mounted and opened by `open`, so that closing goes through the dialog's own close(), which
 * gives focus back to the button that opened it. Cancel has focus when it opens: Enter alone never
 * does the irreversible thing.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy = false,
  danger = false,
  error,
  problem,
}: {
  open: boolean;
  title: string;
  /** The preview: what suppliers will see, who is removed, which phase starts. */
  children?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  onCancel: () => void;
  busy?: boolean;
  /** Removing and the like: the button is red. */
  danger?: boolean;
  error?: CombinedError;
  problem?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  // After the Dialog's own effect has opened it (children's effects run first).
  useEffect(() => {
    if (open) cancel.current?.focus();
  }, [open]);
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      closeButton={t('common.close')}
      aria-labelledby={`${id}-title`}
      className="confirm-dialog"
    >
      {open && (
        <>
          <Dialog.Block>
            <Heading level={2} data-size="sm" id={`${id}-title`}>
              {title}
            </Heading>
          </Dialog.Block>
          <Dialog.Block className="stack">
            {children}
            <ErrorAlert error={error} />
            <ProblemAlert text={problem} />
          </Dialog.Block>
          <Dialog.Block className="row">
            <Button data-color={danger ? 'danger' : undefined} loading={busy} onClick={() => void onConfirm()}>
              {confirmLabel}
            </Button>
            <Button ref={cancel} variant="secondary" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </Dialog.Block>
        </>
      )}
    </Dialog>
  );
}
