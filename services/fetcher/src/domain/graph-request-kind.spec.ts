import { describe, expect, it } from '@jest/globals';

import { graphRequestKind } from './graph-request-kind';

describe(graphRequestKind.name, () => {
  it.each([
    [
      '/communications/callRecords/abc?$expand=sessions($expand=segments)',
      { kind: 'call-record', callRecordId: 'abc' },
    ],
    [
      'https://graph.microsoft.com/v1.0/communications/callRecords/abc/sessions?$skiptoken=x',
      { kind: 'call-record', callRecordId: 'abc' },
    ],
    [
      '/communications/callRecords/abc/participants_v2',
      { kind: 'call-record', callRecordId: 'abc' },
    ],
    [
      '/communications/callRecords/getPstnCalls(fromDateTime=2024-01-01T00:00:00.000Z,toDateTime=2024-01-02T00:00:00.000Z)',
      { kind: 'report' },
    ],
    [
      'https://graph.microsoft.com/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=a,toDateTime=b)?$skip=1000',
      { kind: 'report' },
    ],
    ['/subscriptions', { kind: 'other' }],
  ])('classifies %s', (path, expected) => {
    expect(graphRequestKind(path)).toEqual(expected);
  });
});
