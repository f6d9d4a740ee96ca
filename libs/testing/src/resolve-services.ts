import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { parseBrokers } from './test-env';
import type { TestEnv } from './test-env';

const run = promisify(execFile);

/** Something to call after the test run, e.g. stopping containers this run started. */
export type Teardown = () => Promise<void>;

export interface ResolvedServices {
  readonly env: TestEnv | undefined;
  readonly teardown?: Teardown;
}

export interface ResolveOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly repoRoot: string;
  readonly log: (message: string) => void;
}

/**
 * Finds Kafka and OpenSearch for the tests, in this order: services named by KAFKA_BROKERS and
 * OPENSEARCH_URL; containers when a Docker engine answers; else the local stack (deploy/local),
 * started if it is not up. CALLRECORDS_TEST_SERVICES=local-stack or =testcontainers forces one;
 * =none starts nothing (unit tests only: integration tests then fail on getTestEnv()).
 */
export async function resolveServices(options: ResolveOptions): Promise<ResolvedServices> {
  const { env, log } = options;
  const forced = env['CALLRECORDS_TEST_SERVICES'];
  if (forced === 'none') {
    log('CALLRECORDS_TEST_SERVICES=none: no Kafka or OpenSearch for this run');
    return { env: undefined };
  }
  if (!forced && env['KAFKA_BROKERS'] && env['OPENSEARCH_URL']) {
    log(`using KAFKA_BROKERS=${env['KAFKA_BROKERS']} OPENSEARCH_URL=${env['OPENSEARCH_URL']}`);
    return {
      env: {
        kafkaBrokers: parseBrokers(env['KAFKA_BROKERS']),
        openSearchUrl: env['OPENSEARCH_URL'],
        source: 'env',
      },
    };
  }
  if (forced === 'testcontainers' || (forced !== 'local-stack' && (await dockerAnswers()))) {
    return startContainers(log);
  }
  return startLocalStack(options);
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    // No engine: testcontainers rejects at once ("Could not find a working container runtime strategy").
    return false;
  }
}

async function startContainers(log: (message: string) => void): Promise<ResolvedServices> {
  log('a Docker engine answers: starting Kafka and OpenSearch containers');
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { OpenSearchContainer } = await import('@testcontainers/opensearch');
  // The same versions as deploy/local and deploy/compose: Confluent 8.1 is Apache Kafka 4.1.
  const [kafka, openSearch] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:8.1.0').withKraft().start(),
    new OpenSearchContainer('opensearchproject/opensearch:2.19.6')
      .withSecurityEnabled(false)
      .start(),
  ]);
  return {
    env: {
      kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
      openSearchUrl: openSearch.getHttpUrl(),
      source: 'testcontainers',
    },
    teardown: async () => {
      await Promise.all([kafka.stop(), openSearch.stop()]);
    },
  };
}

async function startLocalStack(options: ResolveOptions): Promise<ResolvedServices> {
  const { env, repoRoot, log } = options;
  log('no KAFKA_BROKERS/OPENSEARCH_URL and no Docker engine: using the local stack (deploy/local)');
  const started = performance.now();
  let endpoints: { kafkaBrokers: string[]; opensearchUrl: string };
  try {
    // process.execPath is the Node (24) running Jest, which runs the stack CLI's TypeScript natively.
    // With --json, stdout is the endpoints the stack really listens on; status lines go to stderr.
    const { stdout, stderr } = await run(
      process.execPath,
      [join(repoRoot, 'deploy/local/stack.mts'), 'up', '--json'],
      { cwd: repoRoot, env, maxBuffer: 4 * 1024 * 1024, timeout: 300_000 },
    );
    log(stderr.trim());
    endpoints = JSON.parse(stdout) as typeof endpoints;
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `could not start the local stack (npm run stack -- up):\n${output.stdout ?? ''}${output.stderr ?? output.message}`,
    );
  }
  log(
    `local stack ready in ${((performance.now() - started) / 1000).toFixed(1)} s (left running; stop it with npm run stack -- down)`,
  );
  return {
    env: {
      kafkaBrokers: endpoints.kafkaBrokers,
      openSearchUrl: endpoints.opensearchUrl,
      source: 'local-stack',
    },
  };
}
