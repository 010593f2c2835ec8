import { Label, Select, ValidationMessage } from '@digdir/designsystemet-react';
import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';

/**
 * A labelled native select: Designsystemet's Select with its label wired by id. An option marked
 * `identifier` is a code that stays as it is in every language (translate="no").
 */
export function SelectField({
  label,
  options,
  error,
  ...props
}: {
  label: ReactNode;
  options: readonly { value: string; label: string; identifier?: boolean }[];
  error?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'size' | 'multiple'>) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...props}>
        {options.map((o) => (
          <Select.Option key={o.value} value={o.value} translate={o.identifier ? 'no' : undefined}>
            {o.label}
          </Select.Option>
        ))}
      </Select>
      {error && <ValidationMessage id={errorId}>{error}</ValidationMessage>}
    </div>
  );
}
