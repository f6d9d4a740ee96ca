import DataLoader from 'dataloader';

import type { GatewayContext } from './gateway-context.types';

/**
 * The DataLoader of one GraphQL operation under `key`, created on first use: every load of the
 * operation (a page of rows, each asking for its record) is batched into `batch` calls.
 */
export function operationLoader<K, V>(
  context: GatewayContext,
  key: symbol,
  options: { readonly batch: (keys: readonly K[]) => Promise<V[]>; readonly maxBatchSize: number },
): DataLoader<K, V> {
  const existing = context.loaders.get(key) as DataLoader<K, V> | undefined;
  if (existing) {
    return existing;
  }
  const loader = new DataLoader<K, V>((keys) => options.batch(keys), {
    maxBatchSize: options.maxBatchSize,
  });
  context.loaders.set(key, loader);
  return loader;
}
