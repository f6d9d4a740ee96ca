import { allTopics } from '@callrecords/contracts';
import { ensureTopics, topicSpecs } from '@callrecords/kafka';
import type { Kafka, TopicChange } from '@callrecords/kafka';
import { applyIndexSetup, contractIndexSetup } from '@callrecords/opensearch';
import type { IndexSetupReport, OpenSearchClient } from '@callrecords/opensearch';
import type { Logger } from '@callrecords/service-kit';

import type { ProvisionerConfig } from './config';
import { orderedSteps } from './domain/steps';

export interface ProvisionClients {
  readonly kafka: Kafka;
  readonly openSearch: OpenSearchClient;
  readonly logger: Logger;
}

export interface ProvisionReport {
  readonly topics?: readonly TopicChange[];
  readonly indexes?: IndexSetupReport;
}

/**
 * Makes Kafka and OpenSearch match the contracts, idempotently, with the code the services use
 * (ensureTopics, the contract index setup): safe to run before every install and upgrade.
 */
export async function provision(
  config: ProvisionerConfig,
  clients: ProvisionClients,
): Promise<ProvisionReport> {
  let report: ProvisionReport = {};
  for (const step of orderedSteps(config.PROVISIONER_STEPS)) {
    if (step === 'topics') {
      const specs = topicSpecs(allTopics(), {
        prefix: config.KAFKA_TOPIC_PREFIX,
        replicationFactor: config.PROVISIONER_TOPIC_REPLICATION_FACTOR,
        retention: config.PRIVACY_RETENTION_DAYS,
      });
      const topics = await ensureTopics(clients.kafka, specs);
      clients.logger.info(
        {
          changed: topics
            .filter((t) => t.action !== 'unchanged')
            .map((t) => `${t.action}:${t.name}`),
        },
        'topics ensured',
      );
      report = { ...report, topics };
    } else {
      const indexes = await applyIndexSetup(clients.openSearch, contractIndexSetup(config));
      clients.logger.info(
        {
          ismAvailable: indexes.ismAvailable,
          changed: indexes.steps
            .filter((s) => s.action !== 'unchanged')
            .map((s) => `${s.kind}:${s.name}`),
        },
        'indexes applied',
      );
      for (const warning of indexes.warnings) {
        clients.logger.warn({ warning }, 'index setup warning');
      }
      report = { ...report, indexes };
    }
  }
  return report;
}
