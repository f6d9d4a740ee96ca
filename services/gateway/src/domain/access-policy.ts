import type { Access } from './tenant-scope';
import { forbidden } from './gateway.errors';

/** App roles of the gateway (assigned to users and groups in Entra). */
export const ROLE_FULL = 'CallRecords.Read.Full';
export const ROLE_AGGREGATES = 'CallRecords.Read.Aggregates';
/** Erasure of one person (`erasePerson`); implies no read access and is implied by none. */
export const ROLE_ERASE = 'CallRecords.Erase';

/** The access the token's roles grant; undefined when it has none of the gateway's roles. */
export function accessOf(roles: readonly string[]): Access | undefined {
  if (roles.includes(ROLE_FULL)) {
    return 'full';
  }
  return roles.includes(ROLE_AGGREGATES) ? 'aggregates' : undefined;
}

/**
 * Refuses filters on personal fields for aggregates-only callers: a filter on a phone number
 * answers "did this number call" as surely as the number itself (a count is enough to leak it).
 */
export function assertMayFilterOn(
  access: Access,
  filter: Readonly<Record<string, unknown>>,
  personalKeys: readonly string[],
): void {
  if (access === 'full') {
    return;
  }
  const used = personalKeys.filter((key) => filter[key] !== undefined && filter[key] !== null);
  if (used.length > 0) {
    throw forbidden(`filtering on ${used.join(', ')} needs the ${ROLE_FULL} role`);
  }
}

/** The value of a personal field for `access`: itself for full access, null (redacted) otherwise. */
export function redact<T>(access: Access, value: T): T | null {
  return access === 'full' ? value : null;
}
