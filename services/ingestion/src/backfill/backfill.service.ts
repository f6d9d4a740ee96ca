import type { GraphSubscriptionClient, ListedCallRecord } from '@callrecords/graph-client';
import type { EventProducer } from '@callrecords/kafka';
import type { Logger } from '@callrecords/service-kit';

import type { BackfillWindow } from '../domain/renewal';
import type { WatchedUsers } from '../domain/watched-users';
import type { IngestionMetrics } from '../metrics';
import { notificationMessage } from '../notification-events';

// List callRecords over a window and publish one NotificationReceivedV1 (source backfill) per
// record. Duplicates are harmless downstream (the record's version decides), so windows overlap.

export type BackfillTrigger = 'startup' | 'missed' | 'removed' | 'expired' | 'reconcile' | 'admin';

const CHUNK = 500;

/**
 * Lists for everyone, or once per watched person (List takes a single participant clause, FACTS.md
 * 9), each record once. With `untilFound`, stops at the first person who has calls.
 */
export async function listForWatched(
  people: readonly string[] | undefined,
  list: (participantId: string | undefined) => Promise<ListedCallRecord[]>,
  untilFound = false,
): Promise<ListedCallRecord[]> {
  if (people === undefined || people.length === 0) {
    return list(undefined);
  }
  const records = new Map<string, ListedCallRecord>();
  for (const participantId of people) {
    for (const record of await list(participantId)) {
      records.set(record.id, record);
    }
    if (untilFound && records.size > 0) {
      break;
    }
  }
  return [...records.values()];
}

export interface BackfillOptions {
  readonly graph: GraphSubscriptionClient;
  readonly producer: EventProducer;
  readonly topic: string;
  readonly watchedUsers: WatchedUsers;
  readonly metrics: IngestionMetrics;
  readonly logger: Logger;
  readonly now: () => Date;
}

export class BackfillService {
  constructor(private readonly options: BackfillOptions) {}

  /** Publishes every record of the window; returns how many. Throws classified errors. */
  async run(tenantId: string, window: BackfillWindow, trigger: BackfillTrigger): Promise<number> {
    const { graph, producer, topic, metrics, logger } = this.options;
    try {
      const records = await listForWatched(
        this.options.watchedUsers.get(tenantId),
        (participantId) => graph.listCallRecords(tenantId, { ...window, participantId }),
      );
      const receivedAt = this.options.now().toISOString();
      const messages = records.map((record) =>
        notificationMessage(topic, tenantId, {
          source: 'backfill',
          callRecordId: record.id,
          resource: `communications/callRecords/${record.id}`,
          changeType: 'updated',
          receivedAt,
        }),
      );
      for (let i = 0; i < messages.length; i += CHUNK) {
        await producer.send(messages.slice(i, i + CHUNK));
      }
      metrics.backfillRecords.inc({ trigger }, messages.length);
      metrics.published.inc({ source: 'backfill' }, messages.length);
      metrics.backfillRuns.inc({ trigger, outcome: 'done' });
      logger.info(
        { tenantId, trigger, from: window.from, to: window.to, records: messages.length },
        'backfill done',
      );
      return messages.length;
    } catch (error) {
      metrics.backfillRuns.inc({ trigger, outcome: 'failed' });
      throw error;
    }
  }
}
