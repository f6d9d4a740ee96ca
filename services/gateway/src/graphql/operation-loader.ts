import DataLoader from 'dataloader';

import type { GatewayContext } from './gateway-context.types';

/**
 * The DataLoader of one GraphQL operation under `key`, created on first use: every load of the
 * operation (a page of rows, each asking for its record) is batched into `batch` calls.
 */
export function operationLoader<K, V, C = K>(
  context: GatewayContext,
  key: symbol,
  options: {
    readonly batch: (keys: readonly K[]) => Promise<V[]>;
    readonly maxBatchSize: number;
    /** How keys are told apart (default: the key itself). */
    readonly cacheKeyFn?: (key: K) => C;
  },
): DataLoader<K, V, C> {
  const existing = context.loaders.get(key) as DataLoader<K, V, C> | undefined;
  if (existing) {
    return existing;
  }
  const loader = new DataLoader<K, V, C>((keys) => options.batch(keys), {
    maxBatchSize: options.maxBatchSize,
    ...(options.cacheKeyFn ? { cacheKeyFn: options.cacheKeyFn } : {}),
  });
  context.loaders.set(key, loader);
  return loader;
}
