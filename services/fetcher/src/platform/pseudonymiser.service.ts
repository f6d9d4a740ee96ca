import type { FetcherConfig } from '../config';
import { pseudonymiseGraphObject, tenantPseudonymKey } from '../domain/pseudonymise';

/** Replaces personal values before produce for tenants in pseudonymous mode; others pass as is. */
export interface Pseudonymiser {
  isPseudonymous(tenantId: string): boolean;
  /** The record or report row as it may be written for this tenant. */
  apply<T>(tenantId: string, value: T): T;
}

const ALL_TENANTS = '*';

/**
 * The pseudonymiser of FETCHER_PSEUDONYMOUS_TENANTS. Throws at boot when tenants are listed without
 * FETCHER_PSEUDONYM_SECRET: running "pseudonymous" without a key would write names.
 */
export function createPseudonymiser(
  config: Pick<FetcherConfig, 'FETCHER_PSEUDONYMOUS_TENANTS' | 'FETCHER_PSEUDONYM_SECRET'>,
): Pseudonymiser {
  const tenants = new Set(config.FETCHER_PSEUDONYMOUS_TENANTS);
  const secret = config.FETCHER_PSEUDONYM_SECRET;
  if (tenants.size > 0 && secret === undefined) {
    throw new Error(
      'FETCHER_PSEUDONYM_SECRET (or FETCHER_PSEUDONYM_SECRET_FILE) is required with FETCHER_PSEUDONYMOUS_TENANTS',
    );
  }
  const keys = new Map<string, Buffer>();
  const isPseudonymous = (tenantId: string): boolean =>
    tenants.has(ALL_TENANTS) || tenants.has(tenantId);
  return {
    isPseudonymous,
    apply<T>(tenantId: string, value: T): T {
      if (secret === undefined || !isPseudonymous(tenantId)) {
        return value;
      }
      let key = keys.get(tenantId);
      if (!key) {
        key = tenantPseudonymKey(secret, tenantId);
        keys.set(tenantId, key);
      }
      return pseudonymiseGraphObject(value, key);
    },
  };
}
