import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

import type { GatewayContext } from '../graphql/gateway-context.types';
import { callRecordSourceFields } from './dto/call-record.object';

/** What a call record lookup needs of its operation: the per-operation loaders, the selection. */
export interface CallRecordLookup {
  readonly context: GatewayContext;
  /** The stored fields the `CallRecord` selection reads (undefined: all of them). */
  readonly fields: readonly string[] | undefined;
}

/** The CallRecordLookup of a resolver returning one `CallRecord`. */
export const CallRecordLookupOf = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CallRecordLookup => {
    const gql = GqlExecutionContext.create(context);
    return {
      context: gql.getContext<GatewayContext>(),
      fields: callRecordSourceFields(gql.getInfo()),
    };
  },
);
