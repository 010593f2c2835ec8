import { Matches } from 'class-validator';

/** Rejects strings that are empty or only whitespace (class-validator's IsNotEmpty accepts "  "). */
export const NotBlank = () => Matches(/\S/, { message: '$property must not be blank' });

/** Collapses a user's text field: trimmed, inner runs of whitespace kept as typed. */
export const clean = (s: string) => s.trim();
