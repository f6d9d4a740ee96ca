import { ErasureIdentifierSchema } from '@callrecords/contracts';
import type { PersonErasureRequestedV1Payload } from '@callrecords/contracts';

import { badInput } from './gateway.errors';

/** What `erasePerson` was asked, by whom (the token's id) and when. */
export interface ErasureAsk {
  readonly user: string;
  readonly reason?: string | null;
  readonly requestedBy: string;
  readonly requestId: string;
  readonly now: Date;
}

const MAX_REASON = 500;

/**
 * The payload of the erasure request event, or BAD_USER_INPUT: the user must be a user id (GUID), a
 * UPN or a phone number. The error never repeats the value (it names a person).
 */
export function erasureRequestPayload(ask: ErasureAsk): PersonErasureRequestedV1Payload {
  const identifier = ErasureIdentifierSchema.safeParse(ask.user);
  if (!identifier.success) {
    throw badInput('user must be a user id (GUID), a UPN or a phone number');
  }
  if (ask.requestedBy === '') {
    throw badInput('the token names no caller (oid, sub or appid)');
  }
  const reason = ask.reason?.trim();
  if (reason !== undefined && reason.length > MAX_REASON) {
    throw badInput(`reason is longer than ${MAX_REASON} characters`);
  }
  return {
    requestId: ask.requestId,
    identifier: identifier.data,
    requestedBy: ask.requestedBy,
    requestedAt: ask.now.toISOString(),
    ...(reason ? { reason } : {}),
  };
}
