import { writeAliases } from './index-setup.service';

describe(writeAliases.name, () => {
  it('resolves every index to its prefixed write alias', () => {
    expect(writeAliases('')).toEqual({
      records: 'callrecords-records-write',
      streams: 'callrecords-streams-write',
      pstnCalls: 'callrecords-pstn-calls-write',
      directRoutingCalls: 'callrecords-directrouting-calls-write',
    });
  });
});
