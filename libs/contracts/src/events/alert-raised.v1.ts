import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';
import { TimeRangeSchema } from './time-window.schema';

export const AlertSeveritySchema = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

/**
 * A rule of the aggregator fired for one subject over one window, e.g. the poor-audio rate of a
 * subnet above target. Produced to the alerts topic keyed by `<tenantId>:<rule>`.
 */
export const AlertRaisedV1PayloadSchema = z.object({
  /** Stable rule id, e.g. `poor-audio-stream-rate`. */
  rule: z.string().min(1).max(100),
  /**
   * Rule sets change (libs/contracts/graph-reference/QUALITY.md); readers need to know which
   * version fired.
   */
  ruleVersion: z.int().positive(),
  /** What the alert is about: a subnet, a trunk FQDN, a user id. Bounded, not a free text. */
  key: z.string().min(1).max(500),
  window: TimeRangeSchema,
  severity: AlertSeveritySchema,
  /** Figures behind the alert (rates, counts, thresholds); flat, small, no personal data. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  raisedAt: IsoTimestampSchema,
});

export const AlertRaisedV1Definition = defineEvent('AlertRaised', 1, AlertRaisedV1PayloadSchema);
export const AlertRaisedV1Schema = AlertRaisedV1Definition.schema;
export type AlertRaisedV1 = z.infer<typeof AlertRaisedV1Schema>;
export type AlertRaisedV1Payload = AlertRaisedV1['payload'];
