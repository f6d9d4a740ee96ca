import { describe, expect, it } from '@jest/globals';

import { waitFor } from './wait-for';

describe(waitFor.name, () => {
  it('returns the first value the probe yields', async () => {
    let calls = 0;

    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), {
      intervalMs: 1,
    });

    expect(value).toBe('after 3');
  });

  it('keeps polling through errors until the probe succeeds', async () => {
    let calls = 0;

    const value = await waitFor(
      () => {
        calls += 1;
        if (calls < 2) {
          throw new Error('not yet');
        }
        return true;
      },
      { intervalMs: 1 },
    );

    expect(value).toBe(true);
  });

  it('fails with the description and the last error when time runs out', async () => {
    const attempt = waitFor(
      () => {
        throw new Error('broker down');
      },
      { timeoutMs: 20, intervalMs: 5, description: 'the broker' },
    );

    await expect(attempt).rejects.toThrow(
      'timed out after 20 ms waiting for the broker: broker down',
    );
  });
});
