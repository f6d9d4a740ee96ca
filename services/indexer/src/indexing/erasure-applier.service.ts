import {
  decodeEvent,
  INDEX_IDS,
  indexNames,
  PersonErasedV1Definition,
} from '@callrecords/contracts';
import { tailTopic } from '@callrecords/kafka';
import type { Kafka, TopicTail } from '@callrecords/kafka';
import { bulkWrite, refreshIndex, search } from '@callrecords/opensearch';
import type { DocumentWrite, OpenSearchClient } from '@callrecords/opensearch';
import type { Logger } from '@callrecords/service-kit';

import { erasePersonFromDocument } from '../domain/erase-person';
import type { SealedValueOpener } from './sealed-values';

export interface ErasureApplierOptions {
  readonly kafka: Kafka;
  readonly openSearch: OpenSearchClient;
  /** The erasures (audit) topic. */
  readonly topic: string;
  readonly indexPrefix: string;
  readonly opener: SealedValueOpener;
  readonly logger: Logger;
}

const PAGE = 500;
// Each round rewrites what the last one found; a document still found after this many rounds
// keeps failing (logged) and is rewritten at the next start, which reads every erasure again.
const MAX_ROUNDS = 50;

/**
 * Applies each erasure (PersonErased on the erasures topic) to the documents already stored: the
 * person's keys are dropped at once, then in every generation of every index each document naming
 * the person gets their values replaced by the pseudonym, at its own external version. Reads the
 * whole topic at every start (a private tail): applying an erasure twice changes nothing.
 */
export class ErasureApplier {
  private tail: TopicTail | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ErasureApplierOptions) {}

  async start(): Promise<void> {
    const { kafka, topic, logger } = this.options;
    this.tail = await tailTopic({
      kafka,
      topic,
      decode: (value, headers) => decodeEvent(PersonErasedV1Definition, value, headers),
      onEvent: (event) => {
        const { tenantId } = event;
        const { pseudonym } = event.payload;
        this.queue = this.queue
          .then(async () => {
            await this.apply(tenantId, pseudonym);
          })
          .catch((error: unknown) =>
            logger.warn(
              { err: error, tenantId, pseudonym },
              'erasure not applied; retried at next start',
            ),
          );
      },
      logger,
    });
  }

  async stop(): Promise<void> {
    await this.tail?.stop();
    await this.queue;
  }

  /** Rewrites every stored document naming the person; resolves with the count rewritten. */
  async apply(tenantId: string, pseudonym: string): Promise<number> {
    const { openSearch, opener, logger } = this.options;
    opener.forget(tenantId, pseudonym);
    const names = indexNames(this.options.indexPrefix);
    let rewritten = 0;
    // Every generation (the index pattern), not only the one the read alias points to.
    const index = INDEX_IDS.map((id) => names[id].indexPattern).join(',');
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const writes = await this.nextWrites(index, { tenantId, pseudonym });
      if (writes.length === 0) {
        break;
      }
      await bulkWrite(openSearch, writes);
      rewritten += writes.length;
    }
    logger.info({ tenantId, pseudonym, rewritten }, 'erasure applied to stored documents');
    return rewritten;
  }

  private async nextWrites(
    index: string,
    person: { tenantId: string; pseudonym: string },
  ): Promise<DocumentWrite[]> {
    const { openSearch } = this.options;
    await refreshIndex(openSearch, index).catch(() => undefined);
    const found = await search(openSearch, {
      index,
      timeoutMs: 30_000,
      body: {
        size: PAGE,
        version: true,
        query: {
          bool: {
            filter: [
              { term: { tenantId: person.tenantId } },
              { term: { persons: person.pseudonym } },
            ],
          },
        },
      },
    });
    return found.hits.flatMap((hit): DocumentWrite[] => {
      const document = erasePersonFromDocument(hit.source, person.pseudonym);
      // The same external version: a newer version written meanwhile wins (it was opened without
      // the person's key), and the next event of this document is not mistaken for stale.
      return document
        ? [
            {
              action: 'index',
              index: hit.index,
              id: hit.id,
              document,
              version: hit.version ?? 0,
              versionType: 'external_gte',
            },
          ]
        : [];
    });
  }
}
