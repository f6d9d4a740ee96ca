import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

import { decodeEvent, graphKey, PersonErasureRequestedV1Definition } from '@callrecords/contracts';
import type { PersonErasureRequestedV1 } from '@callrecords/contracts';
import { runSupervisedConsumer } from '@callrecords/kafka';
import type { ConsumedEvent, HandleOutcome, RunningConsumer } from '@callrecords/kafka';

import { FETCHER_RUNTIME } from '../fetcher.constants';
import type { FetcherRuntime } from '../fetcher.constants';
import { planErasure } from './forget-person.service';

const RESTART_AFTER_MS = 5_000;

/**
 * Executes the gateway's erasure requests (`erasePerson`) with the secrets only the fetcher holds:
 * the key tombstones and the audit events (with the requester and the request id) are produced in
 * the transaction that commits the request's offset, with a tombstone of the request itself (it
 * names the person in clear), so a redelivered request changes nothing more. Runs when person keys are sealed (PRIVACY_KEY_SECRET and FETCHER_PSEUDONYM_SECRET).
 */
@Injectable()
export class ErasureRequestConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: RunningConsumer | undefined;

  constructor(@Inject(FETCHER_RUNTIME) private readonly runtime: FetcherRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const { topics, kafka, logger, registry, personKeys, config } = this.runtime;
    const pseudonymSecret = config.FETCHER_PSEUDONYM_SECRET;
    if (personKeys === undefined || pseudonymSecret === undefined) {
      return;
    }
    const deps = { table: personKeys, topics, pseudonymSecret };
    this.running = await runSupervisedConsumer<PersonErasureRequestedV1>(
      {
        kafka,
        service: 'fetcher',
        groupId: topics.erasureGroup,
        topics: [topics.erasureRequests],
        decode: (value, headers) => decodeEvent(PersonErasureRequestedV1Definition, value, headers),
        // One request at a time: each reads the person keys after the previous one's tombstones.
        handle: (events) => this.executeInTurn(deps, events),
        deadLetterTopic: topics.deadLetter,
        transactionalId: this.runtime.transactionalIds.erasures,
        // Requests accepted before this group first started are executed too.
        fromBeginning: true,
        maxBatchSize: 1,
        logger,
        metrics: registry,
      },
      { restartAfterMs: RESTART_AFTER_MS },
    );
    this.runtime.readiness.register({ ...this.running.health, name: 'erasure-requests' });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }

  private async executeInTurn(
    deps: Parameters<typeof planErasure>[0],
    events: readonly ConsumedEvent<PersonErasureRequestedV1>[],
  ): Promise<HandleOutcome[]> {
    const outcomes: HandleOutcome[] = [];
    for (const { event, key } of events) {
      const { payload } = event;
      const plan = await planErasure(deps, {
        tenantId: event.tenantId,
        identifier: payload.identifier,
        requestedBy: payload.requestedBy,
        now: new Date(),
        request: { id: payload.requestId, at: new Date(payload.requestedAt) },
      });
      // The request id and pseudonyms only: the identifier never reaches a log line.
      this.runtime.logger.info(
        {
          requestId: payload.requestId,
          pseudonyms: plan.result.pseudonyms,
          keysDeleted: plan.result.keysDeleted.length,
        },
        'erasure request executed',
      );
      // The request names the person in clear: tombstoned with its execution, compaction drops it.
      const executed = {
        topic: this.runtime.topics.erasureRequests,
        key: key ?? graphKey(event.tenantId, payload.requestId),
        value: null,
      };
      outcomes.push({ kind: 'done', produce: [...plan.tombstones, ...plan.audits, executed] });
    }
    return outcomes;
  }
}
