import { describe, expect, it, beforeAll, afterAll, beforeEach } from '@jest/globals';

import { comparable, readExample } from './testing/graph-reference';
import type { TestSimulator } from './testing/test-simulator';
import { startTestSimulator } from './testing/test-simulator';
import type { JsonObject } from './simulator.types';

// Every Graph example that is a record, a sessions page or a report page is served back as seeded.

let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(() => {
  sim.simulator.reset();
});

async function getJson(path: string): Promise<JsonObject> {
  const response = await sim.graph(path);
  expect(response.status).toBe(200);
  return (await response.json()) as JsonObject;
}

async function followAll(firstPath: string, field = 'value'): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | undefined = firstPath;
  while (next) {
    const page = await getJson(next.replace(/^https?:\/\/[^/]+/, ''));
    items.push(...(page[field] as unknown[]));
    const link = page['@odata.nextLink'];
    next = typeof link === 'string' ? link : undefined;
  }
  return items;
}

const RECORD = '/v1.0/communications/callRecords/e523d2ed-2966-4b6b-925b-754a88034cc5';

describe('Graph reference examples', () => {
  it('serves get-callrecord-basic.json back without expansions', async () => {
    const example = readExample('get-callrecord-basic.json');
    sim.simulator.seedCallRecord(example);

    const body = await getJson(RECORD);

    expect(comparable(body)).toEqual(comparable(example));
  });

  it('serves get-callrecord-expanded-sessions.json back with sessions and segments', async () => {
    const example = readExample('get-callrecord-expanded-sessions.json');
    sim.simulator.seedCallRecord(example);

    const body = await getJson(`${RECORD}?$expand=sessions($expand=segments)`);

    expect(comparable(body)).toEqual(comparable(example));
  });

  it('serves get-callrecord-expanded-participants_v2.json back with participants', async () => {
    const example = readExample('get-callrecord-expanded-participants_v2.json');
    sim.simulator.seedCallRecord(example);

    const body = await getJson(`${RECORD}?$expand=participants_v2`);

    expect(comparable(body)).toEqual(comparable(example));
  });

  it('serves list-sessions-nextlink.json back from the sessions collection', async () => {
    const page = readExample('list-sessions-nextlink.json');
    sim.simulator.seedCallRecord({
      ...readExample('get-callrecord-basic.json'),
      sessions: page['value'],
    });

    const body = await getJson(`${RECORD}/sessions`);

    expect(comparable(body)).toEqual(comparable(page));
  });

  it.each([
    [
      'list-callrecords-filter-startdatetime.json',
      '$filter=startDateTime ge 2023-09-25T00:00:00Z and startDateTime lt 2023-09-26T00:00:00Z',
    ],
    [
      'list-callrecords-filter-participant.json',
      "$filter=participants_v2/any(p:p/id eq '821809f5-0000-0000-0000-3b5136c0e777')",
    ],
  ])('serves %s back from List callRecords', async (file, filter) => {
    const example = readExample(file);
    const [listed] = example['value'] as JsonObject[];
    const participants = readExample('get-callrecord-expanded-participants_v2.json')[
      'participants_v2'
    ];
    sim.simulator.seedCallRecord({ ...listed, participants_v2: participants });
    sim.simulator.seedCallRecord({
      ...readExample('get-callrecord-basic.json'),
      id: 'other',
      startDateTime: '2023-10-01T00:00:00Z',
    });

    const body = await getJson(`/v1.0/communications/callRecords?${encodeURI(filter)}`);

    expect(comparable(body)).toEqual(comparable(example));
  });

  it('serves getpstncalls-response.json back for its window', async () => {
    const example = readExample('getpstncalls-response.json');
    sim.simulator.seedPstnCalls(example['value'] as JsonObject[]);

    const body = await getJson(
      '/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)',
    );

    expect(comparable(body)).toEqual(comparable(example));
    expect(body['@odata.count']).toBe(1);
  });
});

describe('paging of seeded examples', () => {
  it('pages 150 expanded sessions by 60 through sessions@odata.nextLink', async () => {
    const [session] = readExample('get-callrecord-expanded-sessions.json')[
      'sessions'
    ] as JsonObject[];
    const sessions = Array.from({ length: 150 }, (_, index) => ({
      ...session,
      id: `session-${index}`,
    }));
    sim.simulator.seedCallRecord({ ...readExample('get-callrecord-basic.json'), sessions });

    const first = await getJson(`${RECORD}?$expand=sessions($expand=segments)`);
    const rest = await followAll(String(first['sessions@odata.nextLink']));

    expect((first['sessions'] as unknown[]).length).toBe(60);
    expect([...(first['sessions'] as unknown[]), ...rest]).toEqual(sessions);
  });

  it('pages 300 participants by 130 through participants_v2@odata.nextLink', async () => {
    const [participant] = readExample('get-callrecord-expanded-participants_v2.json')[
      'participants_v2'
    ] as JsonObject[];
    const participants = Array.from({ length: 300 }, (_, index) => ({
      ...participant,
      id: `p-${index}`,
    }));
    sim.simulator.seedCallRecord({
      ...readExample('get-callrecord-basic.json'),
      participants_v2: participants,
    });

    const first = await getJson(`${RECORD}?$expand=participants_v2`);
    const rest = await followAll(String(first['participants_v2@odata.nextLink']));

    expect((first['participants_v2'] as unknown[]).length).toBe(130);
    expect([...(first['participants_v2'] as unknown[]), ...rest]).toEqual(participants);
  });

  it('pages 2,500 PSTN rows by 1,000 with @odata.count on each page', async () => {
    const [row] = readExample('getpstncalls-response.json')['value'] as JsonObject[];
    const rows = Array.from({ length: 2500 }, (_, index) => ({
      ...row,
      id: `row-${String(index).padStart(4, '0')}`,
      startDateTime: new Date(Date.UTC(2019, 10, 1) + index * 1000).toISOString(),
    }));
    sim.simulator.seedPstnCalls(rows);
    const path =
      '/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)';

    const first = await getJson(path);
    const all = await followAll(path);

    expect(first['@odata.count']).toBe(2500);
    expect((first['value'] as unknown[]).length).toBe(1000);
    expect(all).toEqual(rows);
  });
});
