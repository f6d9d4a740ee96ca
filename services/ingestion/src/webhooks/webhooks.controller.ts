import { Body, Controller, Inject, Post, Query, Res } from '@nestjs/common';

import { IngestionMetrics } from '../metrics';
import type { IntakeOutcome } from './webhook-intake';
import { WebhookIntake } from './webhook-intake';

// Graph's two webhook URLs. The validation handshake (libs/contracts/graph-reference/FACTS.md 6)
// answers the decoded token as text/plain with nosniff, so a token can never be rendered as HTML.
// Fastify answers 400 to malformed JSON and 413 above the body limit before any of this runs.

export interface WebhookReply {
  code(status: number): WebhookReply;
  header(name: string, value: string): WebhookReply;
  send(body?: unknown): unknown;
}

type Endpoint = 'change' | 'lifecycle';

function statusOf(outcome: IntakeOutcome): number {
  switch (outcome.kind) {
    case 'accepted':
      return 202;
    case 'invalid-body':
      return 400;
    case 'unavailable':
      // 5xx asks Graph to retry: the notification stays with Graph until Kafka has it
      // (libs/contracts/graph-reference/FACTS.md 7).
      return 503;
  }
}

@Controller('webhooks')
export class WebhooksController {
  constructor(
    @Inject(WebhookIntake) private readonly intake: WebhookIntake,
    @Inject(IngestionMetrics) private readonly metrics: IngestionMetrics,
  ) {}

  @Post('call-records')
  changes(
    @Query('validationToken') token: unknown,
    @Body() body: unknown,
    @Res() reply: WebhookReply,
  ): Promise<unknown> {
    return this.handle({ endpoint: 'change', token, reply }, () => this.intake.acceptChanges(body));
  }

  @Post('lifecycle')
  lifecycle(
    @Query('validationToken') token: unknown,
    @Body() body: unknown,
    @Res() reply: WebhookReply,
  ): Promise<unknown> {
    return this.handle({ endpoint: 'lifecycle', token, reply }, () =>
      this.intake.acceptLifecycle(body),
    );
  }

  private async handle(
    request: { endpoint: Endpoint; token: unknown; reply: WebhookReply },
    work: () => Promise<IntakeOutcome>,
  ): Promise<unknown> {
    const { endpoint, token, reply } = request;
    const timer = this.metrics.webhookSeconds.startTimer({ endpoint });
    if (token !== undefined) {
      const valid = typeof token === 'string';
      timer({ status: valid ? '200' : '400' });
      return reply
        .code(valid ? 200 : 400)
        .header('content-type', 'text/plain; charset=utf-8')
        .header('x-content-type-options', 'nosniff')
        .send(valid ? token : 'validationToken must be given once');
    }
    const status = statusOf(await work());
    timer({ status: String(status) });
    if (status >= 400) {
      this.metrics.rejected.inc({ status: String(status) });
    }
    return reply.code(status).send();
  }
}
