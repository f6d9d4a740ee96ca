import { randomUUID } from 'node:crypto';

import { Args, Mutation, Resolver } from '@nestjs/graphql';

import { CallerOf, RequiresRole } from '../auth/requires-role.decorator';
import type { Caller } from '../auth/requires-role.decorator';
import { ROLE_ERASE } from '../domain/access-policy';
import { erasureRequestPayload } from '../domain/erasure-request';
import {
  ErasePersonArgs,
  ErasureRequestObject,
  ErasureRequestStatus,
} from './dto/erasure-request.object';
import { ErasureRequestsProducer } from './erasure-requests.producer';

/** Erasure of one person of the caller's tenant (README "Personal data"), executed by the fetcher. */
@Resolver()
export class ErasureResolver {
  constructor(private readonly requests: ErasureRequestsProducer) {}

  @RequiresRole(ROLE_ERASE)
  @Mutation(() => ErasureRequestObject, {
    description: `Erases one person of your tenant (role ${ROLE_ERASE}): their keys are deleted, every index and replay shows their pseudonym only. Answers once the request is durable; idempotent.`,
  })
  async erasePerson(
    @CallerOf() caller: Caller,
    @Args() args: ErasePersonArgs,
  ): Promise<ErasureRequestObject> {
    const now = new Date();
    const payload = erasureRequestPayload({
      user: args.user,
      reason: args.reason,
      requestedBy: caller.objectId,
      requestId: randomUUID(),
      now,
    });
    await this.requests.send(caller.tenantId, payload, now);
    return {
      requestId: payload.requestId,
      status: ErasureRequestStatus.ACCEPTED,
      requestedAt: payload.requestedAt,
    };
  }
}
