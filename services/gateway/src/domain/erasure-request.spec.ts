import { describe, expect, it } from '@jest/globals';

import { erasureRequestPayload } from './erasure-request';
import { GatewayError } from './gateway.errors';

const ask = {
  requestedBy: '5a1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  requestId: '9e8d7c6b-5a49-4382-a716-0f1e2d3c4b5a',
  now: new Date('2026-12-03T16:00:00Z'),
};

describe(erasureRequestPayload.name, () => {
  it('carries the identifier, the caller, the time and the reason', () => {
    expect(
      erasureRequestPayload({ ...ask, user: ' adele.vance@contoso.com ', reason: ' ticket 4711 ' }),
    ).toEqual({
      requestId: '9e8d7c6b-5a49-4382-a716-0f1e2d3c4b5a',
      identifier: 'adele.vance@contoso.com',
      requestedBy: '5a1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
      requestedAt: '2026-12-03T16:00:00.000Z',
      reason: 'ticket 4711',
    });
  });

  it('leaves an empty reason out', () => {
    expect(erasureRequestPayload({ ...ask, user: '+14255550100', reason: '' })).not.toHaveProperty(
      'reason',
    );
  });

  it('refuses a name, without repeating it', () => {
    const attempt = (): unknown => erasureRequestPayload({ ...ask, user: 'Adele Vance' });

    expect(attempt).toThrow(GatewayError);
    expect(attempt).not.toThrow(/Adele/);
  });

  it('refuses a token without caller id', () => {
    expect(() => erasureRequestPayload({ ...ask, requestedBy: '', user: '+14255550100' })).toThrow(
      /names no caller/,
    );
  });
});
