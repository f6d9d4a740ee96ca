import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { dlqTopic, TOPICS } from '@callrecords/contracts';
import type { RollupDocument } from '@callrecords/contracts';
import { readPartitions } from '@callrecords/kafka';
import { waitFor } from '@callrecords/testing';

import type { RunningAggregator } from '../src/bootstrap';
import { aDirectRoutingRowEvent, anAudioCall, aPstnRowEvent } from './dataset';
import { configOf, startInProcess, testEnvironment, TestPipeline } from './aggregator-harness';

const TENANT = '00000000-0000-4000-8000-00000000c001';

function calls(subnet: string, count: number, poor: number) {
  return Array.from({ length: count }, (_, i) =>
    anAudioCall(TENANT, { id: `${subnet}-${i}`, hour: 5, subnet, poor: i < poor }),
  );
}

function trunkCalls(trunk: string, count: number, failed: number) {
  return Array.from({ length: count }, (_, i) =>
    aDirectRoutingRowEvent(TENANT, { id: `${trunk}-${i}`, trunk, success: i >= failed }),
  );
}

// Each rule gets one scenario that fires and one near miss that does not:
// poor calls 3/4 in 10.1.0.0 (fires) vs 3/3 in 10.3.0.0 (below the minimum volume) and the tenant
// at 6/15; trunk failures 3/4 (fires) vs 2/4 (at, not above, the threshold); a call to 911 (fires,
// twice delivered) vs a number containing 911 and an inbound call from 911.
const GOOD_CALLS = calls('10.2.0.0', 8, 0);
const SCENARIO = [
  ...calls('10.1.0.0', 4, 3),
  ...calls('10.3.0.0', 3, 3),
  ...trunkCalls('sbc-bad.contoso.com', 4, 3),
  ...trunkCalls('sbc-near.contoso.com', 4, 2),
  aPstnRowEvent(TENANT, { id: 'emergency-1', callType: 'user_out', calleeNumber: '911' }),
  aPstnRowEvent(TENANT, { id: 'emergency-1', callType: 'user_out', calleeNumber: '911' }),
  aPstnRowEvent(TENANT, { id: 'near-1', callType: 'user_out', calleeNumber: '+19115550100' }),
  aPstnRowEvent(TENANT, {
    id: 'near-2',
    callType: 'user_in',
    calleeNumber: '+14255550100',
    callerNumber: '911',
  }),
];

function isGoodSubnetDone(doc: RollupDocument): boolean {
  return (
    doc.metric === 'calls' && doc.interval === 'hour' && doc.value === '10.2.0.0' && doc.calls === 8
  );
}

describe('aggregator alerts', () => {
  const posts: string[] = [];
  let webhook: Server;
  let aggregator: RunningAggregator | undefined;
  let pipeline: TestPipeline;

  beforeAll(async () => {
    let requests = 0;
    webhook = createServer((request, response) => {
      requests += 1;
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        // The first delivery fails: the client must retry it.
        if (requests === 1) {
          response.writeHead(503).end();
          return;
        }
        posts.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(200).end('1');
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const { port } = webhook.address() as AddressInfo;
    const config = configOf(
      testEnvironment({
        AGGREGATOR_POOR_CALL_RATIO: '0.5',
        AGGREGATOR_POOR_CALL_MIN_CALLS: '4',
        AGGREGATOR_POOR_CALL_WINDOW_HOURS: '2',
        AGGREGATOR_TRUNK_FAILURE_RATIO: '0.5',
        AGGREGATOR_TRUNK_MIN_CALLS: '4',
        AGGREGATOR_ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      }),
    );
    pipeline = new TestPipeline(config);
    await pipeline.init();
    aggregator = await startInProcess(config);
    // The good calls first: a sliding rule judges what has arrived, so the tenant-wide near miss
    // needs them counted before the poor ones.
    await pipeline.produce(GOOD_CALLS);
    await waitFor(async () => [...(await pipeline.readRollups()).values()].some(isGoodSubnetDone), {
      timeoutMs: 20_000,
    });
    await pipeline.produce(SCENARIO);
    // Replayed again: the rules are evaluated again and must not raise anything twice.
    await pipeline.produce(SCENARIO);
    await waitFor(async () => (await pipeline.readRollups()).size > 0 && posts.length >= 3, {
      timeoutMs: 30_000,
    });
  });

  afterAll(async () => {
    await aggregator?.close();
    await pipeline.close();
    await new Promise((resolve) => webhook.close(resolve));
  });

  it('raises exactly one alert per firing rule on the alerts topic and none for the near misses', async () => {
    const alerts = await pipeline.readAlerts();

    expect(alerts.map((a) => `${a.payload.rule} ${a.payload.key}`).sort()).toEqual([
      'direct-routing-trunk-failure-ratio trunk:sbc-bad.contoso.com',
      'emergency-call pstn:emergency-1',
      'poor-call-ratio subnet:10.1.0.0',
    ]);
  });

  it('posts each alert to the webhook once, retrying a failed delivery', () => {
    const summaries = posts.map((p) => /"summary":"([^"]+)"/.exec(p)?.[1]).sort();

    expect(summaries).toEqual([
      'direct-routing-trunk-failure-ratio: trunk:sbc-bad.contoso.com',
      'emergency-call: pstn:emergency-1',
      'poor-call-ratio: subnet:10.1.0.0',
    ]);
  });

  it('sends an undecodable message to its dead-letter topic and keeps going', async () => {
    const dlq = pipeline.topic(dlqTopic('aggregator'));
    await pipeline.produceRaw(pipeline.topic(TOPICS.records), Buffer.from('{not json'));

    // Messages a read_committed reader sees (the batch's transaction adds a commit marker offset).
    const committedMessages = async (): Promise<number> => {
      let seen = 0;
      await readPartitions(pipeline.kafka, dlq, { onMessage: () => (seen += 1) });
      return seen;
    };
    const count = await waitFor(async () => (await committedMessages()) || undefined, {
      timeoutMs: 30_000,
    });

    expect(count).toBe(1);
  });
});
