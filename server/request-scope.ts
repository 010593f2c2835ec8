import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request state that must follow async work into TypeORM's logger (SQL statement counting). */
export interface RequestScope {
  sqlStatements: number;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
