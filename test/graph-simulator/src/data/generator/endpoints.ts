import type { Rng } from '../prng';
import type { JsonObject } from '../../simulator.types';
import type { Person } from './people';
import { userIdentity } from './people';
import { round } from './values';

// Endpoints, network and device info of a segment's media (callRecords.participantEndpoint,
// serviceEndpoint, networkInfo, deviceInfo), with believable values.

const PLATFORMS = [
  { platform: 'windows', header: 'Teams/24165.1410.2974.6689 (Windows 10.0.22631)', weight: 0.55 },
  { platform: 'macOS', header: 'Teams/24165.1410.2974.6689 (Mac OS X 14.5)', weight: 0.15 },
  { platform: 'iOS', header: 'Teams/6.12.1 (iPhone; iOS 17.5)', weight: 0.1 },
  { platform: 'android', header: 'Teams/1416/1.0.0.2024 (Android 14)', weight: 0.1 },
  { platform: 'web', header: 'Teams/2.0 (Edge 126.0)', weight: 0.06 },
  { platform: 'roomSystem', header: 'Teams Rooms/5.0.111.0 (Windows 10.0.19045)', weight: 0.04 },
];

function weighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  let roll = rng.next() * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) {
      return item;
    }
  }
  return items[items.length - 1] as T;
}

export function participantEndpoint(rng: Rng, person: Person): JsonObject {
  const client = weighted(rng, PLATFORMS);
  return {
    '@odata.type': '#microsoft.graph.callRecords.participantEndpoint',
    name: `machineName_${rng.int(1, 9999)}`,
    cpuName: rng.pick([
      'Intel(R) Core(TM) i7-1185G7 @ 3.00GHz',
      'Apple M2',
      'AMD Ryzen 7 PRO 6850U',
      'Qualcomm Snapdragon 8 Gen 2',
    ]),
    cpuCoresCount: rng.pick([4, 8, 8, 12]),
    cpuProcessorSpeedInMhz: rng.pick([2400, 2995, 3200, 3490]),
    userAgent: {
      '@odata.type': '#microsoft.graph.callRecords.clientUserAgent',
      headerValue: client.header,
      applicationVersion: '24165.1410.2974.6689',
      platform: client.platform,
      productFamily: 'teams',
      azureADAppId: null,
      communicationServiceId: null,
    },
    associatedIdentity: userIdentity(person),
  };
}

export type ServiceRole =
  'skypeForBusinessAudioVideoMcu' | 'mediationServer' | 'gateway' | 'mediaController';

export function serviceEndpoint(role: ServiceRole, headerValue: string): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.callRecords.serviceEndpoint',
    userAgent: {
      '@odata.type': '#microsoft.graph.callRecords.serviceUserAgent',
      headerValue,
      applicationVersion: null,
      role,
    },
  };
}

function ipv4(rng: Rng, prefix: string): string {
  return `${prefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function clientNetwork(rng: Rng, isPoor: boolean): JsonObject {
  const connectionType = rng.pick(['wired', 'wifi', 'wifi', 'mobile']);
  const isWifi = connectionType === 'wifi';
  return {
    connectionType,
    networkTransportProtocol: rng.chance(0.92) ? 'udp' : 'tcp',
    ipAddress: ipv4(rng, '10.150'),
    subnet: '10.150.0.0',
    reflexiveIPAddress: ipv4(rng, '203.0'),
    relayIPAddress: ipv4(rng, '52.114'),
    relayPort: 3478,
    port: rng.int(50000, 50059),
    linkSpeed: isWifi ? rng.pick([144_000_000, 433_000_000, 866_000_000]) : 1_000_000_000,
    macAddress: '02:00:00:00:00:00',
    dnsSuffix: 'corp.contoso.com',
    basicServiceSetIdentifier: isWifi ? '00:11:22:33:44:55' : null,
    wifiBand: isWifi ? rng.pick(['frequency24GHz', 'frequency50GHz']) : 'unknown',
    wifiRadioType: isWifi ? rng.pick(['wifi80211n', 'wifi80211ac', 'wifi80211ax']) : 'unknown',
    wifiChannel: isWifi ? rng.pick([1, 6, 11, 36, 44, 149]) : null,
    wifiSignalStrength: isWifi ? rng.int(isPoor ? 10 : 55, isPoor ? 40 : 99) : null,
    wifiBatteryCharge: isWifi ? rng.int(20, 100) : null,
    wifiMicrosoftDriver: null,
    wifiMicrosoftDriverVersion: null,
    wifiVendorDriver: isWifi ? 'Intel(R) Wi-Fi 6 AX201 160MHz' : null,
    wifiVendorDriverVersion: isWifi ? '22.200.0.6' : null,
    bandwidthLowEventRatio: round(isPoor ? rng.float(0.05, 0.4) : rng.float(0, 0.01), 4),
    delayEventRatio: round(isPoor ? rng.float(0.05, 0.3) : rng.float(0, 0.01), 4),
    receivedQualityEventRatio: round(isPoor ? rng.float(0.05, 0.35) : rng.float(0, 0.01), 4),
    sentQualityEventRatio: round(isPoor ? rng.float(0.05, 0.35) : rng.float(0, 0.01), 4),
    traceRouteHops: [],
  };
}

export function serviceNetwork(rng: Rng): JsonObject {
  return {
    connectionType: 'wired',
    networkTransportProtocol: 'udp',
    ipAddress: ipv4(rng, '52.113'),
    port: rng.int(3478, 3481),
    wifiBand: 'unknown',
    wifiRadioType: 'unknown',
    traceRouteHops: [],
  };
}

export function clientDevice(rng: Rng): JsonObject {
  const headset = rng.chance(0.6);
  return {
    captureDeviceName: headset
      ? 'Headset Microphone (Jabra Evolve2 65)'
      : 'Microphone Array (Realtek(R) Audio)',
    captureDeviceDriver: headset
      ? 'Microsoft: 10.0.22621.1'
      : 'Realtek Semiconductor Corp.: 6.0.9549.1',
    renderDeviceName: headset
      ? 'Headset Earphone (Jabra Evolve2 65)'
      : 'Speakers (Realtek(R) Audio)',
    renderDeviceDriver: headset
      ? 'Microsoft: 10.0.22621.1'
      : 'Realtek Semiconductor Corp.: 6.0.9549.1',
    sentSignalLevel: rng.int(-30, -10),
    receivedSignalLevel: rng.int(-30, -10),
    sentNoiseLevel: rng.int(-80, -55),
    receivedNoiseLevel: rng.int(-80, -55),
    initialSignalLevelRootMeanSquare: round(rng.float(20, 300), 2),
    captureNotFunctioningEventRatio: 0,
    renderNotFunctioningEventRatio: 0,
    renderMuteEventRatio: round(rng.float(0, 0.02), 4),
    renderZeroVolumeEventRatio: 0,
    lowSpeechLevelEventRatio: round(rng.float(0, 0.05), 4),
    lowSpeechToNoiseEventRatio: round(rng.float(0, 0.05), 4),
    micGlitchRate: round(rng.float(0, 3), 2),
    speakerGlitchRate: round(rng.float(0, 3), 2),
    howlingEventCount: rng.chance(0.02) ? rng.int(1, 3) : 0,
    deviceClippingEventRatio: round(rng.float(0, 0.01), 4),
    deviceGlitchEventRatio: round(rng.float(0, 0.01), 4),
    cpuInsufficentEventRatio: round(rng.chance(0.05) ? rng.float(0.01, 0.2) : 0, 4),
  };
}
