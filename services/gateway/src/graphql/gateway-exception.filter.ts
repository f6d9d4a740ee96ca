import { Catch } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlExceptionFilter } from '@nestjs/graphql';

/**
 * Hands GraphQL errors back to GraphQL untouched: the errorFormatter maps and logs them once (a 401
 * is not an error-level log). Other contexts (GraphiQL, health) keep Nest's default handling.
 */
@Catch()
export class GatewayExceptionFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') {
      return exception;
    }
    super.catch(exception, host);
    return undefined;
  }
}
