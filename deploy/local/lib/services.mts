// How each service is prepared, launched and probed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { listenAddress } from './config.mts';
import type { Ports, ServiceName, StackConfig } from './config.mts';
import { jarDir } from './jars.mts';
import { kafkaReady } from './kafka-wire.mts';
import { opensearchHealth } from './net.mts';
import { markerArgs } from './proc.mts';

export interface Launch {
  home: string;
  args: string[];
}

export interface Probe {
  ready: boolean;
  detail: string;
}

const KAFKA_JVM = ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20'];
const OPENSEARCH_JVM = ['-Xms512m', '-Xmx768m', '-XX:+UseG1GC'];
const COMMON_JVM = [
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
  '-Dfile.encoding=UTF-8',
];

export function serviceHome(cfg: StackConfig, name: ServiceName): string {
  return join(cfg.dataDir, name);
}

function kafkaClusterId(home: string): string {
  const file = join(home, 'cluster.id');
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  let id = '';
  while (id === '' || id.startsWith('-')) {
    id = randomBytes(16).toString('base64url'); // the 22-character form of a Kafka Uuid
  }
  writeFileSync(file, `${id}\n`);
  return id;
}

/** Renders server.properties and formats the KRaft storage on first start. */
function prepareKafka(cfg: StackConfig, ports: Ports, java: string): Launch {
  const home = serviceHome(cfg, 'kafka');
  const dataDir = join(home, 'data');
  mkdirSync(dataDir, { recursive: true });
  const props = join(home, 'server.properties');
  const template = readFileSync(join(cfg.root, 'kafka', 'server.properties'), 'utf8');
  writeFileSync(
    props,
    template
      .replaceAll('{{KAFKA_PORT}}', String(ports.kafka))
      .replaceAll('{{KAFKA_CONTROLLER_PORT}}', String(ports.kafkaController))
      .replaceAll('{{KAFKA_LOG_DIRS}}', dataDir)
      .replaceAll('{{KAFKA_LISTEN_HOST}}', listenAddress(cfg))
      .replaceAll('{{KAFKA_ADVERTISED_HOST}}', cfg.host),
  );
  const jvm = [
    ...KAFKA_JVM,
    ...COMMON_JVM,
    `-Dlog4j2.configurationFile=${join(cfg.root, 'kafka', 'log4j2.properties')}`,
    '-cp',
    `${jarDir(cfg, 'kafka')}/*`,
  ];
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    const clusterId = kafkaClusterId(home);
    cfg.log(`kafka: formatting KRaft storage in ${dataDir} (cluster id ${clusterId})`);
    const format = ['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props];
    const res = spawnSync(java, [...jvm, ...format, '--ignore-formatted'], { encoding: 'utf8' });
    if (res.status !== 0) {
      throw new Error(`kafka storage format failed:\n${res.stdout}${res.stderr}`);
    }
  }
  return { home, args: [...jvm, ...markerArgs(cfg, 'kafka'), 'kafka.Kafka', props] };
}

function prepareOpenSearch(cfg: StackConfig, ports: Ports, javaMajor: number): Launch {
  const home = serviceHome(cfg, 'opensearch');
  const tmp = join(home, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const jvm = [
    ...OPENSEARCH_JVM,
    ...COMMON_JVM,
    // From OpenSearch's jvm.options (2.x).
    ...(javaMajor < 23 ? ['-Djava.locale.providers=SPI,COMPAT'] : []),
    '-Dio.netty.noUnsafe=true',
    '-Dio.netty.noKeySetOptimization=true',
    '-Dio.netty.recycler.maxCapacityPerThread=0',
    '-Dlog4j.shutdownHookEnabled=false',
    '-Dlog4j2.disable.jmx=true',
    `-Djava.io.tmpdir=${tmp}`,
    `-Dlog4j2.configurationFile=${join(cfg.root, 'opensearch', 'log4j2.properties')}`,
  ];
  const classpath = `${jarDir(cfg, 'opensearch')}/*:${join(cfg.libDir, 'opensearch-launcher')}`;
  const settings = [
    `http.host=${listenAddress(cfg)}`,
    `http.port=${ports.opensearch}`,
    `transport.port=${ports.opensearchTransport}`,
  ];
  return {
    home,
    args: [
      ...jvm,
      ...markerArgs(cfg, 'opensearch'),
      '-cp',
      classpath,
      'EmbeddedOpenSearch',
      home,
      ...settings,
    ],
  };
}

/** Prepares the service's home and returns the java arguments that start it. */
export function prepare(
  cfg: StackConfig,
  name: ServiceName,
  java: { path: string; major: number },
): Launch {
  return name === 'kafka'
    ? prepareKafka(cfg, cfg.ports, java.path)
    : prepareOpenSearch(cfg, cfg.ports, java.major);
}

/** Real readiness: Kafka answers Metadata and FindCoordinator; OpenSearch reports yellow or green. */
export async function probe(name: ServiceName, ports: Ports, waitMs = 1000): Promise<Probe> {
  if (name === 'kafka') {
    return kafkaReady(ports.kafka);
  }
  const status = await opensearchHealth(ports.opensearch, waitMs);
  if (status === 'green' || status === 'yellow') {
    return { ready: true, detail: `cluster health ${status}` };
  }
  return { ready: false, detail: status ? `cluster health ${status}` : 'HTTP not answering' };
}
