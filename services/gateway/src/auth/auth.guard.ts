import { Inject, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';

import { RetryableError } from '@callrecords/contracts';
import type { Logger } from '@callrecords/service-kit';

import { forbidden, unauthenticated } from '../domain/gateway.errors';
import { ROLE_AGGREGATES, ROLE_FULL } from '../domain/access-policy';
import { LOGGER } from '../gateway.constants';
import type { GatewayContext } from '../graphql/gateway-context.types';
import { IS_PUBLIC } from './public.decorator';

/**
 * The global guard (default deny): every resolver needs a valid token carrying one of the gateway's
 * roles, unless marked @Public(). HTTP routes (health, metrics, GraphiQL) are not GraphQL and pass.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') {
      return true;
    }
    const { auth } = GqlExecutionContext.create(context).getContext<GatewayContext>();
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    switch (auth.kind) {
      case 'authenticated':
        return true;
      case 'anonymous':
        if (isPublic === true) {
          return true;
        }
        throw unauthenticated();
      case 'invalid':
        this.logger.info({ reason: auth.reason }, 'token refused');
        if (auth.reason === 'unavailable') {
          throw new RetryableError('identity provider keys unavailable');
        }
        throw unauthenticated('the bearer token is invalid or expired');
      case 'no-role':
        if (isPublic === true) {
          return true;
        }
        throw forbidden(`the token has neither ${ROLE_FULL} nor ${ROLE_AGGREGATES}`);
    }
  }
}
