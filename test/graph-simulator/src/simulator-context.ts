import type { Logger } from 'pino';

import type { FaultBook } from './control/faults';
import type { RequestLog } from './control/request-log';
import type { DataStore } from './data/store';
import type { AppRegistration } from './entra/apps';
import type { TokenService } from './entra/tokens';
import type { Throttler, ThrottlingRules } from './graph/throttling';
import type { ClientCertificate, TlsMaterial } from './http/certificates';
import type { DeliveryLog } from './notifications/delivery-log';
import type { NotificationDispatcher } from './notifications/dispatcher';
import type { SubscriptionRegistry } from './subscriptions/subscription-registry';

/** Tunables that tests shrink (timeouts, retry delays) and Graph rules that can be switched. */
export interface SimulatorSettings {
  readonly tokenLifetimeSeconds: number;
  readonly validationTimeoutMs: number;
  readonly throttling: boolean;
  /** Graph's documented limits unless a test scales them down (same rules, smaller numbers). */
  readonly throttlingRules: ThrottlingRules;
}

/** Everything the routes share. One per simulator; the HTTPS and HTTP listeners both use it. */
export interface SimulatorContext {
  readonly settings: SimulatorSettings;
  readonly store: DataStore;
  readonly faults: FaultBook;
  readonly requests: RequestLog;
  readonly throttler: Throttler;
  readonly tokens: TokenService;
  readonly apps: AppRegistration[];
  readonly subscriptions: SubscriptionRegistry;
  readonly deliveries: DeliveryLog;
  readonly dispatcher: NotificationDispatcher;
  readonly tls: TlsMaterial;
  readonly demoCertificate: ClientCertificate;
  readonly logger: Logger;
  /** Timers of paced generation (`POST /_sim/generate` with a rate), cleared on reset and stop. */
  readonly timers: Set<NodeJS.Timeout>;
  /** `https://127.0.0.1:{port}`; known once the HTTPS listener is up. */
  httpsUrl: string;
}

export function knownTenants(context: SimulatorContext): Set<string> {
  return new Set(context.apps.flatMap((app) => app.tenants));
}
