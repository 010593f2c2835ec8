import type { TadaDocumentNode } from 'gql.tada';
import { queryText, type Operation, type VariablesArg } from './graphql.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> & { code?: string } }[];
  extensions?: { sqlStatements?: number };
}

/** What a refused request answered: the first error's code, message and extensions. */
export interface Refusal {
  code: string | undefined;
  message: string;
  extensions: Record<string, any>;
  data: Record<string, any> | null | undefined;
}

/**
 * A plain HTTP GraphQL client, as a browser or script would be. A typed document (`gql()` from
 * ./graphql.ts) gives typed variables and results; a string gives loosely typed ones. Requests that
 * must be refused (`fails`, `request`) take any variables: a test may send what the schema forbids.
 */
export class GraphQLClient {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  request<R, V>(
    query: TadaDocumentNode<R, V>,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<R> & { status: number; headers: Headers }>;
  request<T = Record<string, any>>(
    query: string | Operation,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T> & { status: number; headers: Headers }>;
  async request(
    query: Operation,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<any> & { status: number; headers: Headers }> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query: queryText(query), variables }),
    });
    const body = (await res.json()) as GraphQLResponse;
    return { ...body, status: res.status, headers: res.headers };
  }

  /** The data of a request that must succeed; throws with the errors otherwise. */
  ok<R, V>(query: TadaDocumentNode<R, V>, ...variables: VariablesArg<V>): Promise<R>;
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  async ok(query: Operation, variables: Record<string, unknown> = {}): Promise<any> {
    const res = await this.request(query as string, variables);
    if (res.errors?.length || !res.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(res.errors ?? res)}`);
    }
    return res.data;
  }

  /** The first error's code and extensions of a request that must fail. */
  async fails(query: Operation, variables: Record<string, unknown> = {}): Promise<Refusal> {
    const res = await this.request(query as string, variables);
    if (!res.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.data)}`);
    const [first] = res.errors;
    return { code: first.extensions?.code, message: first.message, extensions: first.extensions ?? {}, data: res.data };
  }
}
