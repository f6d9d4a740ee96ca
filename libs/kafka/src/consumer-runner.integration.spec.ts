// The consumer runner against a real broker: commit only after durable work, retry topic, dead
// letters, transactions, and resuming where the group left off.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';

import { decodeEvent, ProcessingFailedV1Definition } from '@callrecords/contracts';
import { createLogger, createMetricsRegistry } from '@callrecords/service-kit';
import type { Logger } from '@callrecords/service-kit';
import { getTestEnv, uniqueGroup, uniqueTopic, waitFor } from '@callrecords/testing';

import { runConsumer } from './consumer-runner';
import type { ConsumedEvent, ConsumerRunnerOptions, RunningConsumer } from './consumer-runner';
import type { HandleOutcome } from './outcomes';
import { createProducer } from './producer';
import { RETRY_HEADERS } from './retry-headers';

const kafka = new Kafka({
  clientId: 'runner-test',
  brokers: [...getTestEnv().kafkaBrokers],
  logLevel: logLevel.NOTHING,
});
const logger = createLogger({ service: 'runner-test', version: '0', level: 'silent' });
const tenant = '00000000-0000-4000-8000-000000000001';
let admin: Admin;

interface Doc {
  readonly n: number;
}

async function topics(...names: string[]): Promise<void> {
  await admin.createTopics({
    topics: names.map((topic) => ({ topic, numPartitions: 1 })),
    waitForLeaders: true,
  });
}

async function produce(topic: string, values: readonly string[]): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  await producer.send(
    values.map((value, i) => ({ topic, key: `${tenant}:${i}`, value: Buffer.from(value) })),
  );
  await producer.disconnect();
}

// Reads a whole topic as a read_committed consumer would (aborted transactions invisible).
async function readAll(
  topic: string,
  expected: number,
): Promise<{ value: string; headers: Record<string, string> }[]> {
  const consumer = kafka.consumer({
    groupId: uniqueGroup('reader'),
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  const seen: { value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      seen.push({ value: message.value?.toString() ?? '', headers });
      return Promise.resolve();
    },
  });
  await waitFor(() => seen.length >= expected, { description: `${expected} messages on ${topic}` });
  await consumer.disconnect();
  return seen;
}

function start(
  options: {
    input: string;
    groupId: string;
    dlq: string;
    retry?: string;
    transactionalId?: string;
    logger?: Logger;
    tuning?: Pick<
      ConsumerRunnerOptions<Doc>,
      'partitionsConsumedConcurrently' | 'maxBatchSize' | 'pipelineChunks' | 'onCommitted'
    >;
  },
  handle: (events: readonly ConsumedEvent<Doc>[]) => Promise<readonly HandleOutcome[]>,
): Promise<RunningConsumer> {
  return runConsumer<Doc>({
    kafka,
    service: 'fetcher',
    groupId: options.groupId,
    topics: [options.input],
    decode: (value) => JSON.parse(value.toString()) as Doc,
    handle,
    deadLetterTopic: options.dlq,
    ...(options.retry ? { retryTopic: options.retry } : {}),
    ...(options.transactionalId ? { transactionalId: options.transactionalId } : {}),
    ...options.tuning,
    logger: options.logger ?? logger,
    metrics: createMetricsRegistry({ service: 'runner-test', defaultMetrics: false }),
  });
}

const doubled = (output: string) => (events: readonly ConsumedEvent<Doc>[]) =>
  Promise.resolve(
    events.map((e): HandleOutcome => ({
      kind: 'done',
      produce: [{ topic: output, key: e.key ?? '', value: Buffer.from(String(e.event.n * 2)) }],
    })),
  );

/** `handle`, answering `ms` later. */
const slowly =
  (ms: number, handle: (events: readonly ConsumedEvent<Doc>[]) => Promise<HandleOutcome[]>) =>
  async (events: readonly ConsumedEvent<Doc>[]) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return handle(events);
  };

describe('runConsumer', () => {
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('produces results, commits, and does not redo committed work after a restart', async () => {
    const [input, output, dlq] = [uniqueTopic('in'), uniqueTopic('out'), uniqueTopic('dlq')];
    const groupId = uniqueGroup('runner');
    await topics(input, output, dlq);
    await produce(input, ['{"n":1}', '{"n":2}']);
    const handled: number[] = [];
    const handle = async (events: readonly ConsumedEvent<Doc>[]) => {
      handled.push(...events.map((e) => e.event.n));
      return doubled(output)(events);
    };

    const first = await start({ input, groupId, dlq }, handle);
    await waitFor(() => handled.length >= 2);
    await first.stop();
    await produce(input, ['{"n":3}']);
    const second = await start({ input, groupId, dlq }, handle);
    await waitFor(() => handled.length >= 3);
    await second.stop();

    expect(handled).toEqual([1, 2, 3]);
    expect((await readAll(output, 3)).map((m) => m.value)).toEqual(['2', '4', '6']);
  });

  it('sends undecodable messages to the dead-letter topic and goes on', async () => {
    const [input, output, dlq] = [uniqueTopic('in'), uniqueTopic('out'), uniqueTopic('dlq')];
    await topics(input, output, dlq);
    await produce(input, ['{"n":1}', 'not json', '{"n":3}']);

    const lines: string[] = [];
    const seeing = createLogger({
      service: 'runner-test',
      version: '0',
      level: 'warn',
      destination: { write: (line: string) => void lines.push(line) },
    });

    const running = await start(
      { input, groupId: uniqueGroup('dlq'), dlq, logger: seeing },
      doubled(output),
    );
    const results = await readAll(output, 2);
    const [letter] = await readAll(dlq, 1);
    await running.stop();
    const failed = decodeEvent(
      ProcessingFailedV1Definition,
      Buffer.from(letter?.value ?? ''),
      letter?.headers,
    );

    expect(results.map((m) => m.value)).toEqual(['2', '6']);
    expect(failed.payload).toMatchObject({
      originalTopic: input,
      originalOffset: '1',
      reason: 'undecodable message',
    });
    expect(Buffer.from(failed.payload.originalValueBase64 ?? '', 'base64').toString()).toBe(
      'not json',
    );
    // The operator's line says why, without the message's bytes.
    const warned = lines
      .map((line) => JSON.parse(line) as { msg: string; reasons?: string[] })
      .find((line) => line.msg === 'batch had retries or dead letters');
    expect(warned?.reasons).toEqual(['undecodable message']);
    expect(lines.join('\n')).not.toContain('not json');
  });

  it('skips tombstones: no handler call, no dead letter, offsets committed', async () => {
    const [input, output, dlq] = [uniqueTopic('in'), uniqueTopic('out'), uniqueTopic('dlq')];
    const groupId = uniqueGroup('tombstone');
    await topics(input, output, dlq);
    const producer = createProducer(kafka);
    await producer.connect();
    await producer.send([
      { topic: input, key: `${tenant}:a`, value: Buffer.from('{"n":1}') },
      { topic: input, key: `${tenant}:a`, value: null },
      { topic: input, key: `${tenant}:b`, value: Buffer.from('{"n":3}') },
    ]);
    await producer.disconnect();
    const handled: number[] = [];
    const handle = async (events: readonly ConsumedEvent<Doc>[]) => {
      handled.push(...events.map((e) => e.event.n));
      return doubled(output)(events);
    };

    const running = await start({ input, groupId, dlq }, handle);
    await waitFor(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [input] });
        return committed?.partitions[0]?.offset === '3';
      },
      { description: 'all three offsets committed' },
    );
    await running.stop();
    const [dlqEnd] = await admin.fetchTopicOffsets(dlq);

    expect(handled).toEqual([1, 3]);
    expect(dlqEnd?.high).toBe('0');
  });

  it('retries later through the retry topic without blocking the messages behind', async () => {
    const [input, output, dlq, retry] = [
      uniqueTopic('in'),
      uniqueTopic('out'),
      uniqueTopic('dlq'),
      uniqueTopic('retry'),
    ];
    await topics(input, output, dlq, retry);
    await produce(input, ['{"n":1}', '{"n":2}']);
    const attempts: string[] = [];
    const handle = (events: readonly ConsumedEvent<Doc>[]) => {
      attempts.push(...events.map((e) => `${e.event.n}@${e.attempt}`));
      return Promise.resolve(
        events.map((e): HandleOutcome =>
          e.event.n === 1 && e.attempt === 1
            ? { kind: 'retry-later', afterMs: 300, reason: 'not yet readable' }
            : {
                kind: 'done',
                produce: [
                  {
                    topic: output,
                    key: e.key ?? '',
                    value: Buffer.from(`${e.event.n}@${e.attempt}`),
                  },
                ],
              },
        ),
      );
    };

    const running = await start({ input, groupId: uniqueGroup('retry'), dlq, retry }, handle);
    const results = await readAll(output, 2);
    const [retried] = await readAll(retry, 1);
    await running.stop();

    expect(results.map((m) => m.value)).toEqual(['2@1', '1@2']);
    expect(attempts).toEqual(['1@1', '2@1', '1@2']);
    expect(retried?.headers[RETRY_HEADERS.originalTopic]).toBe(input);
  });

  it('with transactions, a failure before commit leaves no visible output and the work is redone once', async () => {
    const [input, output, dlq] = [uniqueTopic('in'), uniqueTopic('out'), uniqueTopic('dlq')];
    const groupId = uniqueGroup('txn');
    await topics(input, output, dlq);
    await produce(input, ['{"n":1}', '{"n":2}', '{"n":3}']);
    let calls = 0;
    const handle = (events: readonly ConsumedEvent<Doc>[]) => {
      calls += 1;
      if (calls === 1) {
        return Promise.reject(new Error('transient fault before anything is durable'));
      }
      return doubled(output)(events);
    };

    const running = await start({ input, groupId, dlq, transactionalId: `${groupId}-0` }, handle);
    const results = await readAll(output, 3);
    await waitFor(async () => {
      const offsets = await admin.fetchOffsets({ groupId, topics: [input] });
      return offsets[0]?.partitions[0]?.offset === '3';
    });
    await running.stop();

    expect(calls).toBeGreaterThanOrEqual(2);
    expect(results.map((m) => m.value)).toEqual(['2', '4', '6']);
  });

  it('with transactions, chunks of partitions handled at once commit together: every input once, every offset', async () => {
    const [input, output, dlq] = [uniqueTopic('in'), uniqueTopic('out'), uniqueTopic('dlq')];
    const groupId = uniqueGroup('txn-group');
    await admin.createTopics({
      topics: [
        { topic: input, numPartitions: 6 },
        { topic: output, numPartitions: 1 },
        { topic: dlq, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    const inputs = Array.from({ length: 60 }, (_, i) => `{"n":${i + 1}}`);
    await produce(input, inputs);
    const partitionEnds = await admin.fetchTopicOffsets(input);
    const chunks = partitionEnds.reduce((sum, p) => sum + Math.ceil(Number(p.high) / 3), 0);
    // Every chunk takes as long to handle: the partitions of one fetch finish together.
    const slow = slowly(50, doubled(output));
    const running = await start(
      {
        input,
        groupId,
        dlq,
        transactionalId: `${groupId}-0`,
        tuning: { partitionsConsumedConcurrently: 6, maxBatchSize: 3 },
      },
      slow,
    );
    const results = await readAll(output, 60);
    await waitFor(async () => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [input] });
      return partitionEnds.every(
        (end) =>
          committed?.partitions.find((p) => p.partition === end.partition)?.offset === end.high,
      );
    });
    await running.stop();

    const values = results.map((m) => Number(m.value)).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: 60 }, (_, i) => 2 * (i + 1)));
    // Each committed transaction leaves one commit marker in the output partition it wrote.
    const [outputEnd] = await admin.fetchTopicOffsets(output);
    const transactions = Number(outputEnd?.high) - 60;
    expect(transactions).toBeGreaterThan(0);
    expect(transactions).toBeLessThan(chunks);
  });

  it('with a pipeline depth of 2, hands chunks on before the previous returned, and commits and reports them in order', async () => {
    const [input, output, dlq] = [uniqueTopic('in'), uniqueTopic('out'), uniqueTopic('dlq')];
    const groupId = uniqueGroup('pipelined');
    await topics(input, output, dlq);
    // Produced before the group starts: one fetch holds them all, 4 chunks of 3.
    await produce(
      input,
      Array.from({ length: 12 }, (_, i) => `{"n":${i + 1}}`),
    );
    const firstOffsets: string[] = [];
    const committed: string[] = [];
    let inHandler = 0;
    let mostInHandler = 0;
    const handle = slowly(100, doubled(output));
    const slow = async (events: readonly ConsumedEvent<Doc>[]) => {
      firstOffsets.push(events[0]?.offset ?? '');
      inHandler += 1;
      mostInHandler = Math.max(mostInHandler, inHandler);
      const outcomes = await handle(events);
      inHandler -= 1;
      return outcomes;
    };
    const running = await start(
      {
        input,
        groupId,
        dlq,
        transactionalId: `${groupId}-0`,
        tuning: {
          maxBatchSize: 3,
          pipelineChunks: 2,
          onCommitted: (position) => committed.push(position.offset),
        },
      },
      slow,
    );
    const results = await readAll(output, 12);
    await waitFor(() => committed.at(-1) === '12', { description: 'offset 12 committed' });
    await running.stop();

    expect(results.map((m) => Number(m.value))).toEqual(
      Array.from({ length: 12 }, (_, i) => 2 * (i + 1)),
    );
    expect(firstOffsets).toEqual(['0', '3', '6', '9']);
    expect(mostInHandler).toBe(2);
    expect(committed).toEqual(['3', '6', '9', '12']);
  });
});
