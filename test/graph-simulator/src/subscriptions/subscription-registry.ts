import { randomUUID } from 'node:crypto';

import type { JsonObject } from '../simulator.types';
import type { SubscriptionRequest } from './subscription-rules';

/** A live subscription and what the simulator tracks for it. */
export interface SubscriptionState {
  readonly id: string;
  readonly tenantId: string;
  readonly applicationId: string;
  readonly creatorId: string;
  request: SubscriptionRequest;
  /**
   * Record ids this subscription was already notified about
   * (libs/contracts/graph-reference/FACTS.md 2: `created` fires once).
   */
  readonly seen: Set<string>;
  /** Set by a `reauthorizationRequired` event; notifications pause until reauthorize or PATCH. */
  needsReauthorization: boolean;
}

export class SubscriptionRegistry {
  private readonly subscriptions = new Map<string, SubscriptionState>();

  add(input: Omit<SubscriptionState, 'id' | 'seen' | 'needsReauthorization'>): SubscriptionState {
    const state: SubscriptionState = {
      ...input,
      id: randomUUID(),
      seen: new Set(),
      needsReauthorization: false,
    };
    this.subscriptions.set(state.id, state);
    return state;
  }

  /** A subscription of the tenant that has not expired; expired ones are removed, as Graph does. */
  get(tenantId: string | undefined, id: string, now: number): SubscriptionState | undefined {
    this.removeExpired(now);
    const state = this.subscriptions.get(id);
    return state && (tenantId === undefined || state.tenantId === tenantId) ? state : undefined;
  }

  list(tenantId: string | undefined, now: number): SubscriptionState[] {
    this.removeExpired(now);
    return [...this.subscriptions.values()].filter(
      (state) => tenantId === undefined || state.tenantId === tenantId,
    );
  }

  count(tenantId: string, now: number): number {
    return this.list(tenantId, now).length;
  }

  delete(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  clear(): void {
    this.subscriptions.clear();
  }

  private removeExpired(now: number): void {
    for (const [id, state] of this.subscriptions) {
      if (Date.parse(state.request.expirationDateTime) <= now) {
        this.subscriptions.delete(id);
      }
    }
  }
}

/** The subscription as Graph returns it (examples/subscription-create-response.json shape). */
export function toSubscriptionResource(state: SubscriptionState, versionUrl: string): JsonObject {
  return {
    '@odata.context': `${versionUrl}/$metadata#subscriptions/$entity`,
    id: state.id,
    resource: state.request.resource,
    applicationId: state.applicationId,
    changeType: state.request.changeType,
    clientState: state.request.clientState,
    notificationUrl: state.request.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: state.request.lifecycleNotificationUrl,
    expirationDateTime: state.request.expirationDateTime,
    creatorId: state.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: state.request.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
    notificationContentType: 'application/json',
  };
}
