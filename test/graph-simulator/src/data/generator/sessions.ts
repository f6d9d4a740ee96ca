import type { Rng } from '../prng';
import type { JsonObject } from '../../simulator.types';
import { clientDevice, clientNetwork, serviceNetwork } from './endpoints';
import { audioStream, drawQuality, videoStream } from './media';

// Sessions and segments: one segment per session for client↔service hops, with audio (and sometimes
// video) media in both directions.

export interface Leg {
  readonly caller: JsonObject;
  readonly callee: JsonObject;
  readonly startDateTime: string;
  readonly endDateTime: string;
  /** The caller is a client (its side gets client network/device info). */
  readonly callerIsClient: boolean;
  readonly calleeIsClient: boolean;
  readonly withVideo: boolean;
  readonly onPoorNetwork: boolean;
  readonly audioCodec: string;
  readonly wasMediaBypassed: boolean;
  readonly failed: boolean;
}

const FAILURE_REASONS = [
  'NetworkIssue',
  'MediaConnectivityFailure',
  'UserHungUp',
  'CallSetupTimeout',
];

function mediaOf(rng: Rng, leg: Leg, kind: 'audio' | 'video'): JsonObject {
  const streams = (['callerToCallee', 'calleeToCaller'] as const).map((direction) => {
    const input = {
      direction,
      startDateTime: leg.startDateTime,
      endDateTime: leg.endDateTime,
      quality: drawQuality(rng, leg.onPoorNetwork),
      codec: kind === 'audio' ? leg.audioCodec : rng.pick(['h264', 'av1', 'xrtvc1']),
      wasMediaBypassed: leg.wasMediaBypassed,
    };
    return kind === 'audio' ? audioStream(rng, input) : videoStream(rng, input);
  });
  return {
    label: kind === 'audio' ? 'main-audio' : 'main-video',
    callerNetwork: leg.callerIsClient ? clientNetwork(rng, leg.onPoorNetwork) : serviceNetwork(rng),
    calleeNetwork: leg.calleeIsClient ? clientNetwork(rng, leg.onPoorNetwork) : serviceNetwork(rng),
    ...(leg.callerIsClient ? { callerDevice: clientDevice(rng) } : {}),
    ...(leg.calleeIsClient ? { calleeDevice: clientDevice(rng) } : {}),
    streams,
  };
}

function failureInfo(rng: Rng, leg: Leg): JsonObject | undefined {
  return leg.failed
    ? { stage: rng.pick(['callSetup', 'midcall']), reason: rng.pick(FAILURE_REASONS) }
    : undefined;
}

export function segmentOf(rng: Rng, leg: Leg): JsonObject {
  const media = [
    mediaOf(rng, leg, 'audio'),
    ...(leg.withVideo ? [mediaOf(rng, leg, 'video')] : []),
  ];
  const failure = failureInfo(rng, leg);
  return {
    id: rng.guid(),
    startDateTime: leg.startDateTime,
    endDateTime: leg.endDateTime,
    caller: leg.caller,
    callee: leg.callee,
    media,
    ...(failure ? { failureInfo: failure } : {}),
  };
}

export function sessionOf(rng: Rng, legs: readonly Leg[]): JsonObject {
  const first = legs[0];
  const last = legs[legs.length - 1];
  if (!first || !last) {
    throw new Error('a session needs at least one leg');
  }
  const failed = legs.find((leg) => leg.failed);
  return {
    id: rng.guid(),
    modalities: first.withVideo ? ['audio', 'video'] : ['audio'],
    startDateTime: first.startDateTime,
    endDateTime: last.endDateTime,
    isTest: false,
    caller: first.caller,
    callee: last.callee,
    ...(failed ? { failureInfo: failureInfo(rng, failed) } : {}),
    segments: legs.map((leg) => segmentOf(rng, leg)),
  };
}
