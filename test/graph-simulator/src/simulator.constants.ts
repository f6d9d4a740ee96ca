// Fixed identities and Graph limits of the simulator. The identities are fake GUIDs, printed at
// start and listed in the README; the limits are Graph's own
// (libs/contracts/graph-reference/FACTS.md sections cited beside each).

/** The tenant every control call seeds unless it names another with `x-sim-tenant`. */
export const DEMO_TENANT_ID = '00000000-0000-4000-8000-000000000001';
/** A second tenant the demo app is also consented in, for multi-tenant tests. */
export const SECOND_TENANT_ID = '00000000-0000-4000-8000-000000000002';

/** The demo app: both call-records roles, a client secret and a generated certificate. */
export const DEMO_CLIENT_ID = '00000000-0000-4000-8000-0000000000c1';
export const DEMO_CLIENT_SECRET = 'graph-sim-demo-secret';
/** An app consented without any application role: its tokens get 403 from Graph. */
export const NO_ROLE_CLIENT_ID = '00000000-0000-4000-8000-0000000000c2';
export const NO_ROLE_CLIENT_SECRET = 'graph-sim-no-role-secret';
/** An app with only CallRecord-PstnCalls.Read.All: reports yes, records no. */
export const PSTN_ONLY_CLIENT_ID = '00000000-0000-4000-8000-0000000000c3';
export const PSTN_ONLY_CLIENT_SECRET = 'graph-sim-pstn-only-secret';

export const ROLE_CALL_RECORDS = 'CallRecords.Read.All';
export const ROLE_PSTN_CALLS = 'CallRecord-PstnCalls.Read.All';

/** Audiences Graph accepts: its URL and the Microsoft Graph app id. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_RESOURCE_APP_ID = '00000003-0000-0000-c000-000000000000';

export const DEFAULT_GRAPH_SIM_PORT = 4010;
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3599;

export const GRAPH_LIMITS = {
  // libs/contracts/graph-reference/FACTS.md 10: nested paging inside the entity.
  sessionsPageSize: 60,
  participantsPageSize: 130,
  // libs/contracts/graph-reference/FACTS.md 9: List callRecords default page size.
  listPageSize: 60,
  // libs/contracts/graph-reference/FACTS.md 14/15: report functions.
  reportPageSize: 1000,
  pstnMaxWindowDays: 90,
  // libs/contracts/graph-reference/FACTS.md 3/4/7: subscriptions.
  subscriptionMaxMinutes: 4230,
  subscriptionMinMinutes: 45,
  subscriptionQuota: 100,
  clientStateMaxLength: 128,
  // libs/contracts/graph-reference/FACTS.md 6/7: validation handshake and delivery timeouts.
  validationTimeoutMs: 10_000,
  deliveryTimeoutMs: 3_000,
  deliveryRetryWindowMs: 4 * 60 * 60 * 1000,
} as const;
