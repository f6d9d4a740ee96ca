import { setTimeout as delay } from 'node:timers/promises';

export interface WaitForOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  readonly description?: string;
}

/**
 * Polls `probe` until it returns a value other than `undefined`/`false`, and returns that value.
 * Tests wait for a condition, never for a fixed time. Throws with the last error on timeout.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitForOptions = {},
): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 100, description = 'condition' } = options;
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}`, {
        cause: lastError,
      });
    }
    await delay(intervalMs);
  }
}
