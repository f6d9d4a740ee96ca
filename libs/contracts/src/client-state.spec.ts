import { describe, expect, it } from '@jest/globals';

import { hashClientState, matchesClientState } from './client-state';

describe(matchesClientState.name, () => {
  const stored = hashClientState('{Secret client state}');

  it('accepts the clientState whose hash was stored', () => {
    expect(matchesClientState('{Secret client state}', stored)).toBe(true);
  });

  it.each([['another secret'], [null], [undefined]])('rejects %s', (received) => {
    expect(matchesClientState(received, stored)).toBe(false);
  });

  it('rejects everything when the stored hash is malformed', () => {
    expect(matchesClientState('{Secret client state}', 'not-a-hash')).toBe(false);
  });
});

describe(hashClientState.name, () => {
  it('is a hex SHA-256, never the secret itself', () => {
    expect(hashClientState('secretClientValue')).toMatch(/^[0-9a-f]{64}$/);
  });
});
