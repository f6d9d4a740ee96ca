// Entry of a contribution worker thread (AGGREGATOR_CONTRIBUTION_WORKERS): decodes the raw
// messages it is sent and answers each one's contribution, so that the consumer thread keeps only
// the delta sums, the state and the I/O. Bundled as its own file (project.json build).
import { parentPort, workerData } from 'node:worker_threads';

import { encodeContribution } from './domain/contribution-plan';
import { contributionWithinRetention } from './rollups/past-retention';
import { decodeAggregatorEvent } from './rollups/to-contribution';
import type { ContributionOptions, EventContribution } from './rollups/to-contribution';
import type { WorkerReply, WorkerRequest } from './rollups/contribution-workers';

const options = workerData as ContributionOptions;

function contributionOf(item: WorkerRequest['items'][number]): EventContribution {
  let event;
  try {
    event = decodeAggregatorEvent(
      Buffer.from(item.raw.buffer, item.raw.byteOffset, item.raw.byteLength),
      item.headers,
    );
  } catch (error) {
    // As the consumer runner does with a message it cannot decode: a dead letter, not a retry.
    return { doc: undefined, alert: undefined, undecodable: String(error) };
  }
  const contribution = contributionWithinRetention(event, options, Date.now());
  // Encoded here too: the changelog message costs the consumer thread no encoding.
  return contribution.doc
    ? { ...contribution, encoded: encodeContribution(contribution.doc) }
    : contribution;
}

parentPort?.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, results: request.items.map(contributionOf) };
  } catch (error) {
    reply = { id: request.id, failed: String(error) };
  }
  parentPort?.postMessage(reply);
});
