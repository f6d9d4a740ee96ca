import { createHash, timingSafeEqual } from 'node:crypto';

import { Body, Controller, Headers, Inject, Post, Res } from '@nestjs/common';
import { z } from 'zod';

import { isClassifiedError } from '@callrecords/contracts';

import type { WebhookReply } from '../webhooks/webhooks.controller';
import { BackfillService } from './backfill.service';

// POST /admin/backfill {tenantId, from, to}: lists the window and publishes it (source backfill).
// Enabled only with INGESTION_ADMIN_TOKEN; the bearer is compared in constant time.

export const ADMIN_SETTINGS = Symbol('ingestion.admin-settings');

export interface AdminSettings {
  readonly token: string | undefined;
  readonly tenantIds: readonly string[];
}

const BackfillRequestSchema = z
  .object({ tenantId: z.string().min(1), from: z.iso.datetime(), to: z.iso.datetime() })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'from must be before to' });

function sameSecret(received: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(expected));
}

@Controller('admin')
export class AdminController {
  constructor(
    @Inject(BackfillService) private readonly backfill: BackfillService,
    @Inject(ADMIN_SETTINGS) private readonly settings: AdminSettings,
  ) {}

  @Post('backfill')
  async run(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Res() reply: WebhookReply,
  ): Promise<unknown> {
    const expected = this.settings.token;
    if (expected === undefined) {
      return reply.code(404).send({ error: 'admin endpoint disabled' });
    }
    const bearer = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
    if (!sameSecret(bearer, expected)) {
      return reply.code(401).send({ error: 'unauthorized' });
    }
    const parsed = BackfillRequestSchema.safeParse(body);
    if (!parsed.success || !this.settings.tenantIds.includes(parsed.data.tenantId)) {
      return reply.code(400).send({ error: 'expected {tenantId (configured), from, to}' });
    }
    const { tenantId, from, to } = parsed.data;
    try {
      const window = { from: new Date(from), to: new Date(to) };
      const published = await this.backfill.run(tenantId, window, 'admin');
      return reply.code(200).send({ published });
    } catch (error) {
      const retryable = isClassifiedError(error) && error.kind === 'retryable';
      return reply.code(retryable ? 503 : 502).send({ error: 'backfill failed, see logs' });
    }
  }
}
