import type { Rng } from '../prng';
import type { JsonObject } from '../../simulator.types';
import { isJsonObject, objectsIn } from '../../simulator.types';
import { plusMs } from './values';

// libs/contracts/graph-reference/FACTS.md 13: a higher version of a record carries more data (late
// client telemetry). The generator makes the full record, then derives an earlier version with
// less: no feedback, no device telemetry.

const RATINGS = ['excellent', 'good', 'good', 'fair', 'poor', 'bad'];
const TOKENS = ['NoSound', 'Echo', 'Noisy', 'LowVolume', 'DistortedSound', 'Interruptions'];

function endpointsOfSessions(record: JsonObject): JsonObject[] {
  return objectsIn(record['sessions']).flatMap((session) =>
    [session['caller'], session['callee']].filter(isJsonObject),
  );
}

/** Adds user feedback to some participant endpoints (what a later version typically brings). */
export function withFeedback(rng: Rng, record: JsonObject): JsonObject {
  const copy = structuredClone(record);
  for (const endpoint of endpointsOfSessions(copy)) {
    if (
      endpoint['@odata.type'] !== '#microsoft.graph.callRecords.participantEndpoint' ||
      !rng.chance(0.15)
    ) {
      continue;
    }
    const rating = rng.pick(RATINGS);
    const isBad = rating === 'poor' || rating === 'bad';
    endpoint['feedback'] = {
      rating,
      text: null,
      tokens: Object.fromEntries(TOKENS.map((token) => [token, isBad && rng.chance(0.4)])),
    };
  }
  return copy;
}

function withoutDeviceTelemetry(record: JsonObject): void {
  for (const session of objectsIn(record['sessions'])) {
    for (const segment of objectsIn(session['segments'])) {
      for (const media of objectsIn(segment['media'])) {
        delete media['callerDevice'];
        delete media['calleeDevice'];
      }
    }
  }
  for (const endpoint of endpointsOfSessions(record)) {
    delete endpoint['feedback'];
  }
}

/** The pair (first version, later version) of one record; the later one is `version + 1`. */
export function versionsOf(rng: Rng, full: JsonObject): { first: JsonObject; update: JsonObject } {
  const update = withFeedback(rng, full);
  const first = structuredClone(update);
  withoutDeviceTelemetry(first);
  first['version'] = 1;
  update['version'] = 2;
  update['lastModifiedDateTime'] = plusMs(
    String(full['lastModifiedDateTime']),
    rng.int(30, 240) * 60_000,
  );
  return { first, update };
}
