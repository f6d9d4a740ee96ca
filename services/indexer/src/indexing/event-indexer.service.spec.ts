import { PermanentError, RetryableError } from '@callrecords/contracts';
import type { ConsumedEvent } from '@callrecords/kafka';
import { BulkWriter } from '@callrecords/opensearch';
import type { BulkItemResult, BulkItemStatus, SerializedDocument } from '@callrecords/opensearch';
import { createLogger, createMetricsRegistry } from '@callrecords/service-kit';
import { aCallRecord, aCallRecordFetched } from '@callrecords/testing';

import type { IndexedEvent } from '../domain/index-writes';
import { EventIndexer } from './event-indexer.service';

const TARGETS = {
  records: 'r-write',
  streams: 's-write',
  pstnCalls: 'p-write',
  directRoutingCalls: 'd-write',
};

function consumed(event: IndexedEvent): ConsumedEvent<IndexedEvent> {
  return { event, key: null, headers: {}, topic: 't', partition: 0, offset: '0', attempt: 1 };
}

type Answer = (doc: SerializedDocument) => BulkItemStatus;

/** An EventIndexer over an in-memory bulk sender answering each document with `answers[call]`. */
function indexerWith(answers: readonly (Answer | Error)[], isolated: BulkItemStatus = 'written') {
  let call = 0;
  const send = (docs: readonly SerializedDocument[]): Promise<BulkItemResult[]> => {
    const answer = answers[Math.min(call, answers.length - 1)] as Answer | Error;
    call += 1;
    return answer instanceof Error
      ? Promise.reject(answer)
      : Promise.resolve(docs.map((d) => ({ id: d.id, index: d.index, status: answer(d) })));
  };
  let clock = 0;
  const indexer = new EventIndexer({
    writer: new BulkWriter(send, { maxDelayMs: 1 }),
    targets: TARGETS,
    retryBudgetMs: 1_000,
    isolate: (doc) => Promise.resolve({ id: doc.id, index: doc.index, status: isolated }),
    logger: createLogger({ service: 'test', version: '0', level: 'silent' }),
    registry: createMetricsRegistry({ service: 'test', defaultMetrics: false }),
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  });
  return { indexer, calls: () => call };
}

const EVENT = consumed(aCallRecordFetched(aCallRecord()));

describe(EventIndexer.name, () => {
  it('is done when every document is written, and skips a full duplicate', async () => {
    const written = indexerWith([() => 'written']);
    const stale = indexerWith([() => 'stale']);

    const outcomes = [await written.indexer.handle([EVENT]), await stale.indexer.handle([EVENT])];

    expect(outcomes.map(([o]) => o?.kind)).toEqual(['done', 'skip']);
  });

  it('dead-letters an event whose document is poison, naming the index', async () => {
    const { indexer } = indexerWith([(d) => (d.index === 's-write' ? 'poison' : 'written')]);

    const [outcome] = await indexer.handle([EVENT]);

    const reason = outcome?.kind === 'dead-letter' ? outcome.reason : '';
    expect([outcome?.kind, reason.split(' ')[0]]).toEqual(['dead-letter', 'streams']);
  });

  it('sends retryable documents again until they are written', async () => {
    const { indexer, calls } = indexerWith([() => 'retryable', () => 'retryable', () => 'written']);

    const [outcome] = await indexer.handle([EVENT]);

    expect([outcome?.kind, calls()]).toEqual(['done', 3]);
  });

  it('hands the batch back (throws) when OpenSearch stays down past the budget', async () => {
    const { indexer } = indexerWith([new RetryableError('opensearch unreachable')]);

    await expect(indexer.handle([EVENT])).rejects.toBeInstanceOf(RetryableError);
  });

  it('isolates the documents of a refused bulk and dead-letters the one refused alone', async () => {
    const refused = new PermanentError(
      'opensearch answered 400 action_request_validation_exception',
    );
    const { indexer } = indexerWith([refused], 'poison');

    const [outcome] = await indexer.handle([EVENT]);

    expect(outcome?.kind).toBe('dead-letter');
  });

  it('throws on a refusal that is about configuration, not data (403)', async () => {
    const { indexer } = indexerWith([new PermanentError('opensearch answered 403')]);

    await expect(indexer.handle([EVENT])).rejects.toThrow(/403/);
  });
});
