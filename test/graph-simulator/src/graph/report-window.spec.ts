import { describe, expect, it } from '@jest/globals';

import { isReportSegment, isRowInWindow, parseReportCall, validateWindow } from './report-window';

const DAY = 24 * 60 * 60 * 1000;

describe(parseReportCall.name, () => {
  it('reads date-only and date-time parameters', () => {
    const result = parseReportCall(
      'getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01T00:00:00Z)',
    );

    expect(result).toEqual({
      ok: true,
      call: {
        kind: 'getPstnCalls',
        from: Date.UTC(2019, 10, 1),
        to: Date.UTC(2019, 11, 1),
        rawParameters: 'fromDateTime=2019-11-01,toDateTime=2019-12-01T00:00:00Z',
      },
    });
  });

  it('accepts the namespace-qualified function name SDKs send', () => {
    expect(
      isReportSegment(
        'microsoft.graph.callRecords.getDirectRoutingCalls(fromDateTime=2024-01-01,toDateTime=2024-01-02)',
      ),
    ).toBe(true);
  });

  it('refuses a missing parameter', () => {
    expect(parseReportCall('getPstnCalls(fromDateTime=2019-11-01)').ok).toBe(false);
  });
});

describe(validateWindow.name, () => {
  it.each([
    ['getPstnCalls', 90 * DAY, undefined],
    ['getPstnCalls', 91 * DAY, 'The requested date range exceeds 90 days.'],
    ['getDirectRoutingCalls', 365 * DAY, undefined],
    ['getDirectRoutingCalls', 0, 'toDateTime must be later than fromDateTime.'],
  ] as const)('%s over %p ms gives %p', (kind, length, expected) => {
    expect(validateWindow(kind, 0, length)).toBe(expected);
  });
});

describe(isRowInWindow.name, () => {
  const call = { from: 0, to: 1000, rawParameters: '' };
  const at = (ms: number): { startDateTime: string } => ({
    startDateTime: new Date(ms).toISOString(),
  });

  it('includes the end for PSTN (to inclusive)', () => {
    expect(isRowInWindow(at(1000), { ...call, kind: 'getPstnCalls' })).toBe(true);
  });

  it('excludes the end for Direct Routing (to exclusive)', () => {
    expect(isRowInWindow(at(1000), { ...call, kind: 'getDirectRoutingCalls' })).toBe(false);
  });

  it('includes the start for both', () => {
    expect(isRowInWindow(at(0), { ...call, kind: 'getDirectRoutingCalls' })).toBe(true);
  });
});
