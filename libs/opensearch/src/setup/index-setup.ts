import type { Client } from '@opensearch-project/opensearch';

import { bootstrapRolloverIndex } from './aliases';
import type { RolloverIndexDefinition } from './aliases';
import { applyIsmPolicy, openSearchIsmStore } from './ism';
import type { IsmPolicyDefinition, IsmPolicyStore } from './ism';
import type { SetupStep } from './setup-report';
import { applyComponentTemplate, applyIndexTemplate } from './templates';
import type { TemplateDefinition } from './templates';

export interface IndexTemplateDefinition extends TemplateDefinition {
  /**
   * Sets `plugins.index_state_management.rollover_alias` in the template, only when ISM is installed:
   * a node without the plugin rejects the unknown setting, which would block index creation.
   */
  readonly ismRolloverAlias?: string;
}

/** Everything a deployment needs before writing; bodies come from the index contracts. */
export interface IndexSetup {
  readonly componentTemplates?: readonly TemplateDefinition[];
  readonly indexTemplates?: readonly IndexTemplateDefinition[];
  readonly ismPolicies?: readonly IsmPolicyDefinition[];
  readonly rolloverIndexes?: readonly RolloverIndexDefinition[];
}

export interface IndexSetupReport {
  readonly ismAvailable: boolean;
  readonly steps: readonly SetupStep[];
  /** Human-readable notes for the provisioner's log (e.g. ISM skipped). */
  readonly warnings: readonly string[];
}

const NO_ISM = 'ISM plugin not installed (no handler for _plugins/_ism)';

/**
 * Applies templates, ISM policies and rollover write indexes, in that order, idempotently: a second
 * run with the same setup reports every step `unchanged`. Without the ISM plugin, policies are
 * `skipped` with a warning (rollover then needs `rolloverIfNeeded`). Throws classified errors.
 */
export async function applyIndexSetup(
  client: Client,
  setup: IndexSetup,
  options: { readonly ismStore?: IsmPolicyStore } = {},
): Promise<IndexSetupReport> {
  const ism = options.ismStore ?? openSearchIsmStore(client);
  const ismAvailable = await ism.isAvailable();
  const steps: SetupStep[] = [];
  for (const definition of setup.componentTemplates ?? []) {
    steps.push(await applyComponentTemplate(client, definition));
  }
  for (const definition of setup.indexTemplates ?? []) {
    steps.push(await applyIndexTemplate(client, withIsmSettings(definition, ismAvailable)));
  }
  for (const definition of setup.ismPolicies ?? []) {
    steps.push(
      ismAvailable
        ? await applyIsmPolicy(ism, definition)
        : { kind: 'ismPolicy', name: definition.id, action: 'skipped', reason: NO_ISM },
    );
  }
  for (const definition of setup.rolloverIndexes ?? []) {
    steps.push(await bootstrapRolloverIndex(client, definition));
  }
  const skippedPolicies = steps.filter(
    (step) => step.kind === 'ismPolicy' && step.action === 'skipped',
  );
  const warnings =
    skippedPolicies.length > 0
      ? [`${NO_ISM}: skipped ${skippedPolicies.map((step) => step.name).join(', ')}`]
      : [];
  return { ismAvailable, steps, warnings };
}

/** The template with the ISM rollover-alias setting merged in, when ISM is installed. */
export function withIsmSettings(
  definition: IndexTemplateDefinition,
  ismAvailable: boolean,
): TemplateDefinition {
  if (!ismAvailable || definition.ismRolloverAlias === undefined) {
    return definition;
  }
  const template = asRecord(definition.body['template']);
  const settings = asRecord(template['settings']);
  return {
    name: definition.name,
    body: {
      ...definition.body,
      template: {
        ...template,
        settings: {
          ...settings,
          'plugins.index_state_management.rollover_alias': definition.ismRolloverAlias,
        },
      },
    },
  };
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
