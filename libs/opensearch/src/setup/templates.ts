import type { API, Client } from '@opensearch-project/opensearch';

import { storedDefinitionHash, withDefinitionHash } from './definition-hash';
import { throwClassified, undefinedWhenNotFound } from '../errors';
import type { SetupStep } from './setup-report';

/** A component or index template as the caller (the contracts' index definitions) owns it. */
export interface TemplateDefinition {
  readonly name: string;
  /** The request body of PUT `_component_template/<name>` or `_index_template/<name>`. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** Writes the component template unless the stored one came from the same definition. */
export async function applyComponentTemplate(
  client: Client,
  definition: TemplateDefinition,
): Promise<SetupStep> {
  const { body, hash } = withDefinitionHash(definition.body);
  const current = await client.cluster
    .getComponentTemplate({ name: definition.name })
    .then((response) => response.body.component_templates[0]?.component_template)
    .catch(undefinedWhenNotFound);
  const step = { kind: 'componentTemplate', name: definition.name } as const;
  if (current && storedDefinitionHash(current) === hash) {
    return { ...step, action: 'unchanged' };
  }
  await client.cluster
    .putComponentTemplate({
      name: definition.name,
      body: body as API.Cluster_PutComponentTemplate_RequestBody,
    })
    .catch(throwClassified);
  return { ...step, action: current ? 'updated' : 'created' };
}

/** Writes the index template unless the stored one came from the same definition. */
export async function applyIndexTemplate(
  client: Client,
  definition: TemplateDefinition,
): Promise<SetupStep> {
  const { body, hash } = withDefinitionHash(definition.body);
  const current = await client.indices
    .getIndexTemplate({ name: definition.name })
    .then((response) => response.body.index_templates[0]?.index_template)
    .catch(undefinedWhenNotFound);
  const step = { kind: 'indexTemplate', name: definition.name } as const;
  if (current && storedDefinitionHash(current) === hash) {
    return { ...step, action: 'unchanged' };
  }
  await client.indices
    .putIndexTemplate({
      name: definition.name,
      body,
    })
    .catch(throwClassified);
  return { ...step, action: current ? 'updated' : 'created' };
}
