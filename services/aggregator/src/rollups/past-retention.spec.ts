import { describe, expect, it } from '@jest/globals';

import { parseRetentionPolicy } from '@callrecords/contracts';
import type { CallEvent } from '@callrecords/contracts';
import type { ConsumedEvent, HandleOutcome } from '@callrecords/kafka';
import { aCallRecord, aCallRecordFetched, EXAMPLE_TENANT_ID } from '@callrecords/testing';

import { skippingPastRetention } from './past-retention';

// The tenant keeps 7 days; now is 2026-12-03T12:00Z, so calls before 2026-11-26T12:00Z are past.
const NOW = Date.parse('2026-12-03T12:00:00Z');
const policy = parseRetentionPolicy(`0,${EXAMPLE_TENANT_ID}=7`);

function consumed(id: string, start: string): ConsumedEvent<CallEvent> {
  const event = aCallRecordFetched(aCallRecord({ id, startDateTime: start }));
  return { event, key: id, headers: {}, topic: 't', partition: 0, offset: '0', attempt: 1 };
}

describe(skippingPastRetention.name, () => {
  it('skips calls past retention and hands the others on, outcomes in order', async () => {
    const seen: string[] = [];
    const handle = skippingPastRetention<CallEvent>(
      policy,
      () => NOW,
      (events) => {
        seen.push(...events.map((e) => e.key ?? ''));
        return Promise.resolve(events.map((): HandleOutcome => ({ kind: 'done', produce: [] })));
      },
    );

    const outcomes = await handle([
      consumed('old', '2026-11-26T11:59:59Z'),
      consumed('new', '2026-11-26T12:00:00Z'),
      consumed('older', '2026-01-01T00:00:00Z'),
    ]);

    expect(seen).toEqual(['new']);
    expect(outcomes.map((o) => o.kind)).toEqual(['skip', 'done', 'skip']);
  });
});
