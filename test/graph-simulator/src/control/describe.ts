import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_TENANT_ID,
  NO_ROLE_CLIENT_ID,
  PSTN_ONLY_CLIENT_ID,
  SECOND_TENANT_ID,
} from '../simulator.constants';
import type { SimulatorContext } from '../simulator-context';

/** What a client needs to point at the simulator (printed at start, served by /_sim/health). */
export function describeSimulator(context: SimulatorContext): Record<string, unknown> {
  return {
    graphUrl: context.httpsUrl,
    graphVersionUrl: `${context.httpsUrl}/v1.0`,
    authorityUrl: `${context.httpsUrl}/${DEMO_TENANT_ID}`,
    authorityHost: context.httpsUrl,
    tenantId: DEMO_TENANT_ID,
    secondTenantId: SECOND_TENANT_ID,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    certificateThumbprintSha256: context.demoCertificate.thumbprintSha256,
    noRoleClientId: NO_ROLE_CLIENT_ID,
    pstnOnlyClientId: PSTN_ONLY_CLIENT_ID,
    data: context.store.counts(),
  };
}
