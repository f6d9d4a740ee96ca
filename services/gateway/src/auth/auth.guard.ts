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
import { REQUIRED_ROLE } from './requires-role.decorator';
import type { Authentication, InvalidTokenReason } from './token-verifier.service';

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
    const requiredRole = this.reflector.get<string | undefined>(
      REQUIRED_ROLE,
      context.getHandler(),
    );
    if (requiredRole !== undefined) {
      return this.hasRole(auth, requiredRole);
    }
    switch (auth.kind) {
      case 'authenticated':
        return true;
      case 'anonymous':
        if (isPublic === true) {
          return true;
        }
        throw unauthenticated();
      case 'invalid':
        return this.refuseInvalid(auth.reason);
      case 'no-role':
        if (isPublic === true) {
          return true;
        }
        throw forbidden(`the token has neither ${ROLE_FULL} nor ${ROLE_AGGREGATES}`);
    }
  }

  /** An admin operation: a valid token carrying `role` itself; no read role stands in for it. */
  private hasRole(auth: Authentication, role: string): boolean {
    switch (auth.kind) {
      case 'anonymous':
        throw unauthenticated();
      case 'invalid':
        return this.refuseInvalid(auth.reason);
      case 'no-role':
        if (auth.roles.includes(role)) {
          return true;
        }
        break;
      case 'authenticated':
        if (auth.principal.roles.includes(role)) {
          return true;
        }
        break;
    }
    throw forbidden(`this operation needs the ${role} role`);
  }

  private refuseInvalid(reason: InvalidTokenReason): never {
    this.logger.info({ reason }, 'token refused');
    if (reason === 'unavailable') {
      throw new RetryableError('identity provider keys unavailable');
    }
    throw unauthenticated('the bearer token is invalid or expired');
  }
}
