import { EventEmitter, on } from 'node:events';

import { Injectable } from '@nestjs/common';

import type { AlertRaisedV1, CallRecordFetchedV1 } from '@callrecords/contracts';

import type { TenantScope } from '../domain/tenant-scope';

export type LiveEvent = CallRecordFetchedV1 | AlertRaisedV1;
export type LiveEventType = LiveEvent['type'];
type EventOfType<T extends LiveEventType> = Extract<LiveEvent, { type: T }>;

/**
 * In-process fan-out from this replica's Kafka consumer to its GraphQL subscriptions. Every
 * subscriber sees only events of its own tenant; the filter runs before anything is yielded.
 */
@Injectable()
export class LiveFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open subscription: no fixed bound.
    this.emitter.setMaxListeners(0);
  }

  publish(event: LiveEvent): void {
    this.emitter.emit(event.type, event);
  }

  listenerCount(type: LiveEventType): number {
    return this.emitter.listenerCount(type);
  }

  /** Events of `type` for the scope's tenant that pass `accept`, mapped by `toPayload`. */
  subscribe<T extends LiveEventType, P>(
    scope: TenantScope,
    type: T,
    select: { accept: (event: EventOfType<T>) => boolean; toPayload: (event: EventOfType<T>) => P },
  ): AsyncIterableIterator<P> {
    // node:events `on` resolves a pending next() when return() is called, so an idle subscription
    // ends at once on unsubscribe (an async generator would wait for one more event).
    const source = on(this.emitter, type) as AsyncIterableIterator<[EventOfType<T>]>;
    const iterator: AsyncIterableIterator<P> = {
      async next() {
        for (;;) {
          const item = await source.next();
          if (item.done === true) {
            return { done: true, value: undefined };
          }
          const [event] = item.value;
          if (event.tenantId === scope.tenantId && select.accept(event)) {
            return { done: false, value: select.toPayload(event) };
          }
        }
      },
      async return() {
        await source.return?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
