import { emergencyCallAlert, poorCallAlerts, trunkFailureAlerts } from './alert-rules';
import type { AlertRulesConfig } from './alert-rules';
import { cellKey, zeroMeasures } from './cells';
import type { Measure } from './cells';

const RULES: AlertRulesConfig = {
  poorCall: { threshold: 0.5, minCalls: 4, windowHours: 2 },
  trunkFailure: { threshold: 0.5, minCalls: 4, windowHours: 1 },
  emergencyNumbers: new Set(['911', '112']),
};
const HOUR = '2026-11-20T05:00:00.000Z';

function sums(cell: string, measures: Partial<Record<Measure, number>>) {
  return {
    tenantId: 't',
    hourStart: HOUR,
    sums: new Map([[cell, { ...zeroMeasures(), ...measures }]]),
  };
}

describe(poorCallAlerts.name, () => {
  it.each([
    {
      name: 'fires above the ratio with enough calls',
      poorCalls: 3,
      classifiedCalls: 4,
      expected: 1,
    },
    { name: 'does not fire at the ratio', poorCalls: 2, classifiedCalls: 4, expected: 0 },
    {
      name: 'does not fire below the minimum volume',
      poorCalls: 3,
      classifiedCalls: 3,
      expected: 0,
    },
  ])('$name', ({ poorCalls, classifiedCalls, expected }) => {
    const cell = cellKey('calls', 'subnet', '10.1.0.0');

    const alerts = poorCallAlerts(sums(cell, { poorCalls, classifiedCalls }), RULES);

    expect(alerts).toHaveLength(expected);
  });

  it('gives the same de-duplication key to both hours of one window period', () => {
    const cell = cellKey('calls', 'total', 'all');
    const measures = { poorCalls: 4, classifiedCalls: 4 };

    const first = poorCallAlerts(sums(cell, measures), RULES)[0];
    const second = poorCallAlerts(
      { ...sums(cell, measures), hourStart: '2026-11-20T04:00:00.000Z' },
      RULES,
    )[0];

    expect(first?.dedupeKey).toBe(second?.dedupeKey);
  });
});

describe(trunkFailureAlerts.name, () => {
  it.each([
    { name: 'fires above the ratio', failures: 3, successes: 1, expected: 1 },
    { name: 'does not fire at the ratio', failures: 2, successes: 2, expected: 0 },
  ])('$name', ({ failures, successes, expected }) => {
    const cell = cellKey('direct-routing', 'trunk', 'sbc1');

    expect(trunkFailureAlerts(sums(cell, { failures, successes }), RULES)).toHaveLength(expected);
  });
});

describe(emergencyCallAlert.name, () => {
  it.each([
    { name: 'an outbound call to 911', callType: 'user_out', calleeNumber: '911', fires: true },
    {
      name: 'an emergency call type',
      callType: 'emergency_out',
      calleeNumber: '+4930123',
      fires: true,
    },
    {
      name: 'a number containing 911',
      callType: 'user_out',
      calleeNumber: '+19115550100',
      fires: false,
    },
    { name: 'an inbound call', callType: 'user_in', calleeNumber: '911', fires: false },
  ])('$name', ({ callType, calleeNumber, fires }) => {
    const row = { id: 'r1', callType, calleeNumber, startDateTime: HOUR };

    const alert = emergencyCallAlert('t', { kind: 'pstn', row }, RULES);

    expect(alert !== undefined).toBe(fires);
  });
});
