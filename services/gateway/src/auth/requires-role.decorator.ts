import { createParamDecorator, SetMetadata } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

import { unauthenticated } from '../domain/gateway.errors';
import type { GatewayContext } from '../graphql/gateway-context.types';

export const REQUIRED_ROLE = 'gateway:requiredRole';

/**
 * Opens one operation to the holders of `role` only, whatever read role they have or lack (the
 * AuthGuard checks it): an admin role is neither implied by a read role nor implies one.
 */
export const RequiresRole = (role: string): MethodDecorator => SetMetadata(REQUIRED_ROLE, role);

/** Who calls an admin operation: the token's tenant and id (`oid`/`sub`/`appid`), never a name. */
export interface Caller {
  readonly tenantId: string;
  readonly objectId: string;
}

/** The caller of an operation guarded by @RequiresRole (the AuthGuard checked the role). */
export const CallerOf = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Caller => {
    const { auth } = GqlExecutionContext.create(context).getContext<GatewayContext>();
    switch (auth.kind) {
      case 'authenticated':
        return { tenantId: auth.principal.scope.tenantId, objectId: auth.principal.objectId };
      case 'no-role':
        return { tenantId: auth.tenantId, objectId: auth.objectId };
      case 'anonymous':
      case 'invalid':
        throw unauthenticated();
    }
  },
);
