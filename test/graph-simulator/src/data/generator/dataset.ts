import { createRng, deriveSeed } from '../prng';
import type { Rng } from '../prng';
import type { JsonObject } from '../../simulator.types';
import type { CallKind, RecordSpec } from './call-records';
import { generateCallRecord } from './call-records';
import { directRoutingRow, pstnRow } from './report-rows';
import { versionsOf } from './versions';

// A deterministic data set: the same (seed, count, now) always gives the same records and rows.

export interface DatasetOptions {
  readonly seed: number;
  readonly count: number;
  readonly tenantId: string;
  /** Calls end before `now`; they start within the 24 hours before it. */
  readonly now: Date;
  /** Give about 40 % of records a second, richer version. */
  readonly withUpdates: boolean;
  /** Largest meeting; meetings above 60 page their sessions, above 130 their participants. */
  readonly maxMeetingParticipants?: number;
}

export interface GeneratedRecord {
  readonly kind: CallKind;
  readonly first: JsonObject;
  readonly update: JsonObject | undefined;
}

export interface GeneratedDataset {
  readonly records: GeneratedRecord[];
  readonly pstnRows: JsonObject[];
  readonly directRoutingRows: JsonObject[];
}

const KINDS: ReadonlyArray<{ kind: CallKind; weight: number }> = [
  { kind: 'peerToPeer', weight: 0.42 },
  { kind: 'groupCall', weight: 0.12 },
  { kind: 'meeting', weight: 0.22 },
  { kind: 'pstn', weight: 0.14 },
  { kind: 'directRouting', weight: 0.08 },
  { kind: 'emergency', weight: 0.02 },
];

function drawKind(rng: Rng): CallKind {
  let roll = rng.next();
  for (const { kind, weight } of KINDS) {
    roll -= weight;
    if (roll < 0) {
      return kind;
    }
  }
  return 'peerToPeer';
}

function drawParticipants(rng: Rng, kind: CallKind, maxMeeting: number): number {
  if (kind === 'groupCall') {
    return rng.int(3, 8);
  }
  if (kind !== 'meeting') {
    return 2;
  }
  const roll = rng.next();
  return roll < 0.7
    ? rng.int(3, 20)
    : roll < 0.9
      ? rng.int(21, 80)
      : rng.int(81, Math.max(81, maxMeeting));
}

function specFor(rng: Rng, options: DatasetOptions, kind: CallKind): RecordSpec {
  const isLong = kind === 'meeting' || kind === 'groupCall';
  const durationMs = Math.round(
    isLong ? rng.int(10, 90) * 60_000 : Math.min(rng.logNormal(300_000, 1), 2_700_000) + 5_000,
  );
  const latestEnd = options.now.getTime() - 60 * 60_000;
  const start = latestEnd - durationMs - rng.int(0, 23 * 60) * 60_000;
  return {
    kind,
    tenantId: options.tenantId,
    startDateTime: new Date(start).toISOString(),
    durationMs,
    participantCount: drawParticipants(rng, kind, options.maxMeetingParticipants ?? 300),
    ...(kind === 'emergency' ? { calleeNumber: '911' } : {}),
  };
}

export function generateDataset(options: DatasetOptions): GeneratedDataset {
  const records: GeneratedRecord[] = [];
  const pstnRows: JsonObject[] = [];
  const directRoutingRows: JsonObject[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const rng = createRng(deriveSeed(options.seed, index));
    const kind = drawKind(rng);
    const spec = specFor(rng, options, kind);
    const call = generateCallRecord(rng, spec);
    const person = call.people[0];
    if (person && call.phoneNumber) {
      const row = {
        person,
        startDateTime: spec.startDateTime,
        durationMs: spec.durationMs,
        calleeNumber: call.phoneNumber,
        isEmergency: kind === 'emergency',
        callRecordId: String(call.record['id']),
      };
      (kind === 'directRouting' ? directRoutingRows : pstnRows).push(
        kind === 'directRouting' ? directRoutingRow(rng, row) : pstnRow(rng, row),
      );
    }
    const hasUpdate = options.withUpdates && rng.chance(0.4);
    const versions = versionsOf(rng, call.record);
    records.push({
      kind,
      first: hasUpdate
        ? versions.first
        : {
            ...versions.update,
            version: 1,
            lastModifiedDateTime: call.record['lastModifiedDateTime'],
          },
      update: hasUpdate ? versions.update : undefined,
    });
  }
  return { records, pstnRows, directRoutingRows };
}
