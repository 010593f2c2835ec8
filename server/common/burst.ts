import DataLoader from 'dataloader';

/** A copy with the same class (an entity stays an entity), so one caller's changes stay its own. */
const copyOf = <V extends object>(v: V): V => Object.assign(Object.create(Object.getPrototypeOf(v) as object) as V, v);

/**
 * Reads by key for callers that arrive together, in one statement: every key asked for while the
 * event loop handles one round of I/O (say, the handshakes and subscriptions of many sockets that
 * reconnect at once after an instance restarts) is read by one call of `read`. Nothing is cached:
 * each caller sees the database as of its batch, and gets its own copy of what was read.
 */
export function burstReader<V extends object>(
  read: (keys: readonly string[]) => Promise<Map<string, V>>,
): (key: string) => Promise<V | null> {
  const loader = new DataLoader<string, V | null>(
    async (keys) => {
      const found = await read([...new Set(keys)]);
      return keys.map((k) => {
        const v = found.get(k);
        return v === undefined ? null : copyOf(v);
      });
    },
    { cache: false, maxBatchSize: 500, batchScheduleFn: (run) => setImmediate(run) },
  );
  return (key) => loader.load(key);
}
