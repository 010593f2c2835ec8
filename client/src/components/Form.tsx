import { Button, Checkbox, Details, Fieldset, Paragraph, Textfield } from '@digdir/designsystemet-react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { ErrorAlert, LiveStatus, ProblemAlert } from './Feedback';

export interface FormProps {
  /** Runs on submit (the page does not reload): the form's own checks, then the request. */
  onSubmit: () => unknown;
  submitLabel: ReactNode;
  /** The request's state (urql's): its error is shown, and the button says while it runs. */
  result?: { error?: CombinedError; fetching: boolean };
  /** The request is under way (where there is no single `result`). */
  busy?: boolean;
  /** A refused or failed request (in words by ErrorAlert); left out where a field says it instead. */
  error?: CombinedError;
  /** A problem already in words (the form's own, or one the screen put in its words). */
  problem?: string;
  /**
   * What the last submit did, in a polite live region inside the form. Left out where the screen
   * reports it in a region of its own: one that a new key on the form would not remount.
   */
  status?: string;
  /** The status in a success alert (where the change is what the reader waits for). */
  statusAlert?: boolean;
  /** A short help text above the fields. */
  intro?: ReactNode;
  /** The button of an act that cannot be undone (cancelling, withdrawing) is red. */
  danger?: boolean;
  variant?: 'primary' | 'secondary';
  size?: 'sm';
  /** A cancel button beside the submit button (a form opened in place of what it changes). */
  onCancel?: () => void;
  /** Other buttons beside the submit button (type="button"), e.g. removing what the form saved. */
  actions?: ReactNode;
  className?: string;
  'aria-labelledby'?: string;
  children?: ReactNode;
}

/**
 * A form as every screen writes it: help, fields, what went wrong, what the last submit did, and
 * the submit button (with cancel beside it when given). Fields are checked by the screen, so the
 * browser's own validation is off and each message stands beside its field.
 */
export function Form({
  onSubmit,
  submitLabel,
  result,
  busy = result?.fetching ?? false,
  error = result?.error,
  problem,
  status,
  statusAlert,
  intro,
  danger,
  variant = danger ? 'secondary' : 'primary',
  size,
  onCancel,
  actions,
  className = 'stack',
  children,
  'aria-labelledby': labelledBy,
}: FormProps) {
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit();
  };
  return (
    <form onSubmit={submit} className={className} aria-labelledby={labelledBy} noValidate>
      {intro && <Paragraph data-size="sm">{intro}</Paragraph>}
      {children}
      <ErrorAlert error={error} />
      <ProblemAlert text={problem} />
      {status !== undefined && <LiveStatus success={statusAlert}>{status}</LiveStatus>}
      <div className={onCancel || actions ? 'row' : undefined}>
        <Button
          type="submit"
          variant={variant}
          data-color={danger ? 'danger' : undefined}
          data-size={size}
          loading={busy}
        >
          {submitLabel}
        </Button>
        {actions}
        {onCancel && (
          <Button type="button" variant="tertiary" data-size={size} onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}

/**
 * Content that opens under its summary line (Designsystemet's Details): closed unless
 * `defaultOpen`, or controlled with `open` and `onOpenChange`.
 */
export function Collapsible({
  summary,
  defaultOpen,
  open,
  onOpenChange,
  children,
}: {
  summary: ReactNode;
  defaultOpen?: boolean;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  children: ReactNode;
}) {
  const content = (
    <>
      <Details.Summary>{summary}</Details.Summary>
      <Details.Content>{children}</Details.Content>
    </>
  );
  return open === undefined ? (
    <Details defaultOpen={defaultOpen}>{content}</Details>
  ) : (
    <Details open={open} onToggle={(e) => onOpenChange?.((e.target as HTMLDetailsElement).open)}>
      {content}
    </Details>
  );
}

/**
 * A form behind its summary line ("Open a new decision", "Cancel the procurement"): the screen's
 * less frequent acts stay out of the way until asked for. One pattern for every such form.
 */
export function CollapsibleForm({
  summary,
  defaultOpen,
  ...form
}: FormProps & {
  summary: ReactNode;
  defaultOpen?: boolean;
}) {
  return (
    <Collapsible summary={summary} defaultOpen={defaultOpen}>
      <Form {...form} />
    </Collapsible>
  );
}

/**
 * Checkboxes for choosing some of a list (the needs a procurement covers, the lots a mandate
 * covers), with the message beside them when the choice is refused.
 */
export function CheckboxGroup({
  legend,
  description,
  options,
  chosen,
  onChange,
  error,
  children,
}: {
  legend: ReactNode;
  description?: ReactNode;
  options: readonly { value: string; label: string }[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  error?: string;
  /** Shown above the boxes (e.g. that there is nothing to choose yet). */
  children?: ReactNode;
}) {
  return (
    <Fieldset>
      <Fieldset.Legend>{legend}</Fieldset.Legend>
      {description && <Fieldset.Description>{description}</Fieldset.Description>}
      {children}
      {options.map((o) => (
        <Checkbox
          key={o.value}
          label={o.label}
          checked={chosen.includes(o.value)}
          onChange={(e) =>
            onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((value) => value !== o.value))
          }
        />
      ))}
      {error && (
        <Paragraph data-size="sm" className="error-text">
          {error}
        </Paragraph>
      )}
    </Fieldset>
  );
}

/** A multi-line field for text written in markdown, which says so under its label. */
export function MarkdownField({
  label,
  rows = 3,
  ...field
}: {
  label: ReactNode;
  rows?: number;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error?: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  return <Textfield label={label} description={t('common.markdownHelp')} multiline rows={rows} {...field} />;
}

/**
 * A password, hidden as it is typed. `isNew` marks one being chosen (a password manager offers to
 * make and save it); otherwise the browser fills in the saved one.
 */
export function PasswordField({
  isNew,
  ...field
}: {
  label: ReactNode;
  description?: ReactNode;
  isNew?: boolean;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error?: string;
}) {
  return <Textfield type="password" autoComplete={isNew ? 'new-password' : 'current-password'} required {...field} />;
}
