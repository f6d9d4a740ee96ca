import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

import type { TenantScope } from '../domain/tenant-scope';
import { unauthenticated } from '../domain/gateway.errors';
import type { GatewayContext } from '../graphql/gateway-context.types';

/** The caller's TenantScope (set by the AuthGuard from the verified token). */
export const Tenant = createParamDecorator(
  (_data: unknown, context: ExecutionContext): TenantScope => {
    const gql = GqlExecutionContext.create(context).getContext<GatewayContext>();
    if (gql.auth.kind !== 'authenticated') {
      throw unauthenticated();
    }
    return gql.auth.principal.scope;
  },
);
