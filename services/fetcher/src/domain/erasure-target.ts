import { pseudonymOf } from './pseudonymise';

/** How an erasure request names the person. */
export type IdentifierKind = 'id' | 'upn' | 'phone';

/** The person an erasure request names, as the pseudonym the sealed values carry. */
export interface ErasureTarget {
  readonly kind: IdentifierKind;
  readonly pseudonym: string;
}

const PHONE = /^\+?[0-9][0-9 ()./-]{5,}$/;

/** `+1 425 555 0100` is a phone number, `adele@contoso.com` a UPN, anything else a user id. */
export function identifierKindOf(identifier: string): IdentifierKind {
  const trimmed = identifier.trim();
  if (trimmed.includes('@')) {
    return 'upn';
  }
  return PHONE.test(trimmed) ? 'phone' : 'id';
}

/**
 * The pseudonym of the identifier, normalised as the fetcher normalised it when sealing: a user id
 * or a number names a key directly, a UPN names a key through the key's aliases.
 */
export function erasureTargetOf(tenantKey: Buffer, identifier: string): ErasureTarget {
  const kind = identifierKindOf(identifier);
  const hashKind = kind === 'phone' ? 'phone' : kind === 'upn' ? 'text' : 'id';
  return { kind, pseudonym: pseudonymOf(tenantKey, identifier, hashKind) };
}
