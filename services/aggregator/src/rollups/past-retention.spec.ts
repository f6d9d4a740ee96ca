import { describe, expect, it } from '@jest/globals';

import { parseRetentionPolicy } from '@callrecords/contracts';
import { aCallRecord, aCallRecordFetched, EXAMPLE_TENANT_ID } from '@callrecords/testing';

import type { AlertRulesConfig } from '../domain/alert-rules';
import { contributionWithinRetention } from './past-retention';

// The tenant keeps 7 days; now is 2026-12-03T12:00Z, so calls before 2026-11-26T12:00Z are past.
const NOW = Date.parse('2026-12-03T12:00:00Z');
const rule = { threshold: 0.5, minCalls: 1, windowHours: 1 };
const DEFAULT_ALERT_RULES: AlertRulesConfig = {
  poorCall: rule,
  trunkFailure: rule,
  emergencyNumbers: new Set(['911']),
};
const options = {
  rules: DEFAULT_ALERT_RULES,
  retention: parseRetentionPolicy(`0,${EXAMPLE_TENANT_ID}=7`),
};

function fetched(id: string, start: string) {
  return aCallRecordFetched(aCallRecord({ id, startDateTime: start }));
}

describe(contributionWithinRetention.name, () => {
  it('marks calls past retention and counts the others', () => {
    const results = [
      fetched('old', '2026-11-26T11:59:59Z'),
      fetched('new', '2026-11-26T12:00:00Z'),
      fetched('older', '2026-01-01T00:00:00Z'),
    ].map((event) => contributionWithinRetention(event, options, NOW));

    expect(results.map((r) => r.pastRetention === true)).toEqual([true, false, true]);
    expect(results.map((r) => r.doc?.sourceId)).toEqual([undefined, 'new', undefined]);
    expect(results[1]?.doc?.hourStart).toBe('2026-11-26T12:00:00.000Z');
  });

  it('counts every call without a retention policy', () => {
    const result = contributionWithinRetention(
      fetched('older', '2026-01-01T00:00:00Z'),
      { rules: DEFAULT_ALERT_RULES },
      NOW,
    );

    expect(result.pastRetention).toBeUndefined();
    expect(result.doc?.hourStart).toBe('2026-01-01T00:00:00.000Z');
  });
});
