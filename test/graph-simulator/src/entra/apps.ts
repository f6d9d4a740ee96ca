import { createHash, timingSafeEqual } from 'node:crypto';

import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_TENANT_ID,
  NO_ROLE_CLIENT_ID,
  NO_ROLE_CLIENT_SECRET,
  PSTN_ONLY_CLIENT_ID,
  PSTN_ONLY_CLIENT_SECRET,
  ROLE_CALL_RECORDS,
  ROLE_PSTN_CALLS,
  SECOND_TENANT_ID,
} from '../simulator.constants';
import { thumbprintsOf } from '../http/certificates';

/** An Entra app registration as the simulator knows it, with its admin-consented application roles. */
export interface AppRegistration {
  readonly clientId: string;
  readonly displayName: string;
  readonly secrets: readonly string[];
  /** PEM certificates whose private keys may sign client assertions. */
  readonly certificates: readonly string[];
  readonly roles: readonly string[];
  /** Tenants where the app has a service principal (consent given). */
  readonly tenants: readonly string[];
}

export function defaultApps(demoCertificatePem: string | undefined): AppRegistration[] {
  return [
    {
      clientId: DEMO_CLIENT_ID,
      displayName: 'callrecords demo',
      secrets: [DEMO_CLIENT_SECRET],
      certificates: demoCertificatePem ? [demoCertificatePem] : [],
      roles: [ROLE_CALL_RECORDS, ROLE_PSTN_CALLS],
      tenants: [DEMO_TENANT_ID, SECOND_TENANT_ID],
    },
    {
      clientId: NO_ROLE_CLIENT_ID,
      displayName: 'callrecords no roles',
      secrets: [NO_ROLE_CLIENT_SECRET],
      certificates: [],
      roles: [],
      tenants: [DEMO_TENANT_ID],
    },
    {
      clientId: PSTN_ONLY_CLIENT_ID,
      displayName: 'callrecords pstn only',
      secrets: [PSTN_ONLY_CLIENT_SECRET],
      certificates: [],
      roles: [ROLE_PSTN_CALLS],
      tenants: [DEMO_TENANT_ID],
    },
  ];
}

export function isSecretValid(app: AppRegistration, secret: string): boolean {
  const given = Buffer.from(secret, 'utf8');
  return app.secrets.some((known) => {
    const expected = Buffer.from(known, 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** The registered certificate a client assertion names through its `x5t` or `x5t#S256` header. */
export function certificateFor(
  app: AppRegistration,
  header: { readonly x5t?: string; readonly 'x5t#S256'?: string },
): string | undefined {
  const wanted = (header['x5t#S256'] ?? header.x5t)?.toString();
  if (!wanted) {
    return undefined;
  }
  const hex = Buffer.from(wanted, 'base64url').toString('hex').toUpperCase();
  return app.certificates.find((pem) => {
    const prints = thumbprintsOf(pem);
    return header['x5t#S256'] ? prints.sha256 === hex : prints.sha1 === hex;
  });
}

/** The service principal's object id of an app in a tenant: stable, derived from both ids. */
export function servicePrincipalId(clientId: string, tenantId: string): string {
  const hex = createHash('sha256').update(`${clientId}:${tenantId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
