/** What a provisioning run can do, in the order it does it (indexes need no topic, but topics come first). */
export const PROVISIONING_STEPS = ['topics', 'indexes'] as const;

export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number];

/** The steps to run, de-duplicated and in execution order, whatever order the config lists them in. */
export function orderedSteps(requested: readonly ProvisioningStep[]): ProvisioningStep[] {
  return PROVISIONING_STEPS.filter((step) => requested.includes(step));
}
