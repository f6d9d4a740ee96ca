import { Controller, Get, Header, HttpCode, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Registry } from 'prom-client';

import { Readiness } from '../health';
import type { ReadinessReport } from '../health';

/** Injection tokens of the process-wide readiness and metrics registry. */
export const READINESS = Symbol('callrecords.readiness');
export const METRICS_REGISTRY = Symbol('callrecords.metrics-registry');

interface StatusReply {
  status(code: number): StatusReply;
  send(body: unknown): unknown;
}

/** `/health/live`, `/health/ready` and `/metrics`, identical in every service. */
@Controller()
export class ObservabilityController {
  constructor(
    @Inject(READINESS) private readonly readiness: Readiness,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  // Liveness never calls a dependency: an outage must not make Kubernetes restart healthy pods.
  @Get('health/live')
  @HttpCode(HttpStatus.OK)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() reply: StatusReply): Promise<void> {
    const report: ReadinessReport = await this.readiness.check();
    reply.status(report.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).send(report);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
