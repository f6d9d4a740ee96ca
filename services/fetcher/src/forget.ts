// One-shot: erase one person of a tenant (README "Personal data", "Erasure of one person"):
// `npm run forget -- --tenant <tenant id> --user <user id|UPN|phone> [--user …] [--by <operator>]`.
// Secrets by reference: FETCHER_PSEUDONYM_SECRET_FILE and PRIVACY_KEY_SECRET_FILE (or the values).
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';

import { z } from 'zod';

import { keyEncryptionKey } from '@callrecords/contracts';
import {
  createKafkaClient,
  createPersonKeyTable,
  createProducer,
  kafkaConfigSchema,
} from '@callrecords/kafka';
import { runJob, sensitive } from '@callrecords/service-kit';

import { forgetPerson } from './erasure/forget-person.service';
import { fetcherTopics } from './fetcher-topics';

const forgetConfigSchema = kafkaConfigSchema.extend({
  FETCHER_PSEUDONYM_SECRET: sensitive(z.string().min(32)).describe(
    "The fetcher's pseudonym secret (FETCHER_PSEUDONYM_SECRET_FILE to read a file)",
  ),
  PRIVACY_KEY_SECRET: sensitive(z.string().min(32)).describe(
    'The key-encryption secret of the person keys (PRIVACY_KEY_SECRET_FILE to read a file)',
  ),
});

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    user: { type: 'string', multiple: true },
    by: { type: 'string' },
  },
});

void runJob({
  job: 'forget',
  version: '0.1.0',
  schema: forgetConfigSchema,
  run: async (config, { logger }) => {
    const tenantId = values.tenant;
    const users = values.user ?? [];
    if (tenantId === undefined || users.length === 0) {
      process.stderr.write(
        'usage: npm run forget -- --tenant <id> --user <id|upn|phone> [--by <who>]\n',
      );
      return 2;
    }
    const kafka = createKafkaClient(config, { service: 'forget', logger });
    // Names only: the CLI creates no topic, so the replication factor is never used.
    const topics = fetcherTopics(config.KAFKA_TOPIC_PREFIX, 1, config.PRIVACY_RETENTION_DAYS);
    const producer = createProducer(kafka);
    await producer.connect();
    try {
      const deps = {
        table: createPersonKeyTable({
          kafka,
          topic: topics.personKeys,
          kek: keyEncryptionKey(config.PRIVACY_KEY_SECRET),
        }),
        producer,
        topics,
        pseudonymSecret: config.FETCHER_PSEUDONYM_SECRET,
      };
      for (const identifier of users) {
        const result = await forgetPerson(deps, {
          tenantId,
          identifier,
          requestedBy: values.by ?? userInfo().username,
          now: new Date(),
        });
        // The pseudonyms only: the identifier is what must not be kept anywhere, logs included.
        process.stdout.write(
          `${result.kind}: erased ${result.pseudonyms.join(', ')}; ${result.keysDeleted.length} key(s) deleted\n`,
        );
      }
      return 0;
    } finally {
      await producer.disconnect();
    }
  },
});
