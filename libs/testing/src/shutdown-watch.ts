import type { Kafka } from 'kafkajs';

import { waitFor } from './wait-for';

/** One look at a closing service: `/health/ready`, then (last sample) its consumer group. */
export interface ShutdownSample {
  readonly status: number | 'closed';
  readonly shuttingDown: boolean;
  readonly consumerUp: boolean;
  /** Members of the group, read once the close resolved (a describe is too slow to poll with). */
  readonly members?: number;
}

/** What the watcher needs of a booted service: its close and an in-process HTTP request. */
export interface ClosableService {
  close(): Promise<unknown>;
  readonly app: {
    inject(request: { url: string }): Promise<{ statusCode: number; json<T>(): T }>;
  };
}

interface ReadyBody {
  readonly shuttingDown?: boolean;
  readonly checks?: Record<string, { status: string }>;
}

async function readinessSample(service: ClosableService): Promise<ShutdownSample> {
  try {
    const response = await service.app.inject({ url: '/health/ready' });
    const body = response.json<ReadyBody>();
    const consumer = Object.entries(body.checks ?? {}).find(([name]) =>
      name.startsWith('kafka-consumer'),
    );
    return {
      status: response.statusCode,
      shuttingDown: body.shuttingDown === true,
      consumerUp: consumer?.[1].status === 'up',
    };
  } catch {
    return { status: 'closed', shuttingDown: true, consumerUp: false };
  }
}

/**
 * Closes a service while polling its readiness in-process, then reads its consumer group: the
 * observable timeline of a graceful stop (STYLE 2.10), for shutdown-order tests.
 */
export async function closeWatchingReadiness(
  service: ClosableService,
  options: { readonly kafka: Kafka; readonly group: string },
): Promise<ShutdownSample[]> {
  const admin = options.kafka.admin();
  await admin.connect();
  const samples: ShutdownSample[] = [];
  let finished = false;
  const closed = service.close().finally(() => (finished = true));
  try {
    while (!finished) {
      samples.push(await readinessSample(service));
      // Let the close's network I/O run between probes (inject alone never leaves the microtask queue).
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await closed;
    const described = await admin.describeGroups([options.group]);
    samples.push({
      status: 'closed',
      shuttingDown: true,
      consumerUp: false,
      members: described.groups[0]?.members.length,
    });
  } finally {
    await admin.disconnect();
  }
  return samples;
}

/**
 * The ids (last `:` part of each key) a fresh member of `group` receives from the committed offsets
 * to the end of `topic`: what a restarted service would process again.
 */
export async function resumeFromCommitted(
  kafka: Kafka,
  options: { readonly group: string; readonly topic: string; readonly expected: () => number },
): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: options.group, maxWaitTimeInMs: 100 });
  const ids: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: ({ message }) => {
      ids.push(String(message.key).split(':').pop() ?? '');
      return Promise.resolve();
    },
  });
  try {
    await waitFor(() => ids.length >= options.expected(), {
      timeoutMs: 15_000,
      description: 'the unprocessed messages from the committed offsets',
    });
  } finally {
    await consumer.disconnect();
  }
  return ids;
}
