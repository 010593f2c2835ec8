import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

const DECIMAL = /^-?\d{1,18}(\.\d{1,6})?$/;

function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text.trim())) {
    throw new GraphQLError('Decimal must be a decimal number written as a string, e.g. "1250.50".');
  }
  return text.trim();
}

/**
 * Exact decimal numbers (money, quantities) as strings, so no value is rounded through a float on
 * its way between PostgreSQL `numeric` and the client.
 */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "1250.50". Input may also be a JSON number.',
  // Trailing zeros of numeric(p, s) columns carry no information: "70.000" is sent as "70".
  serialize: (value) => {
    const text = String(value);
    return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  },
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) {
      return parseDecimal(ast.value);
    }
    throw new GraphQLError('Decimal must be a string or a number.');
  },
});

/** A calendar date without time zone, `YYYY-MM-DD`. */
export const LocalDateScalar = GraphQLLocalDate;
