import { Kind, visit, type DocumentNode } from 'graphql';
import { UserInputError, type FieldProblem } from '../errors.js';

/** A UTF-16 surrogate without its partner: JSON allows it, but it is no character and PostgreSQL refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string as text, or null: NUL (PostgreSQL text cannot hold it) or a lone surrogate. */
export function textProblem(value: string, field: string): FieldProblem | null {
  if (value.includes('\u0000')) return { field, rule: 'noNul', message: 'must not contain NUL characters' };
  if (LONE_SURROGATE.test(value)) {
    return { field, rule: 'wellFormed', message: 'must be well-formed Unicode (it has a lone surrogate)' };
  }
  return null;
}

/** Every string in a value (objects and lists walked), with its path. */
export function valueProblems(value: unknown, path: string): FieldProblem[] {
  if (typeof value === 'string') {
    const p = textProblem(value, path);
    return p ? [p] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => valueProblems(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => valueProblems(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/**
 * The request's strings checked once, at the boundary, before anything runs: every variable (named
 * as the operation names them, e.g. `input.email`) and every string written into the document
 * (named by its argument). BAD_USER_INPUT naming the field, for HTTP and WebSocket alike.
 */
export function requestTextError(document: DocumentNode, variables: Record<string, unknown> | null | undefined) {
  const problems = valueProblems(variables ?? {}, '');
  const argument: string[] = [];
  visit(document, {
    [Kind.ARGUMENT]: {
      enter: (node) => void argument.push(node.name.value),
      leave: () => void argument.pop(),
    },
    [Kind.STRING]: (node) => {
      const p = textProblem(node.value, argument.at(-1) ?? 'query');
      if (p) problems.push(p);
    },
  });
  return problems.length ? new UserInputError(problems) : null;
}
