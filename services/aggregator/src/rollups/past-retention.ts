import { isCallPastRetention } from '@callrecords/contracts';

import { toContribution } from './to-contribution';
import type { AggregatorEvent, ContributionOptions, EventContribution } from './to-contribution';

/**
 * An event's contribution, unless its call is past its tenant's retention (`options.retention`):
 * then a `pastRetention` one, which the batch skips. Calls past retention are skipped live and in a
 * replay: a call the topics and indexes forgot is not counted again (README "Personal data"). A
 * rollup rebuilt from the topics after retention lacks those calls; the live rollups keep them.
 * The one check of both paths: the consumer thread's and the contribution workers'.
 */
export function contributionWithinRetention(
  event: AggregatorEvent,
  options: ContributionOptions,
  nowMs: number,
): EventContribution {
  if (options.retention && isCallPastRetention(options.retention, event, nowMs)) {
    return { doc: undefined, alert: undefined, pastRetention: true };
  }
  return toContribution(event, options);
}
