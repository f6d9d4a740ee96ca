/** What `applyIndexSetup` did to one object; `skipped` carries the reason (e.g. no ISM plugin). */
export type SetupAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export type SetupKind = 'componentTemplate' | 'indexTemplate' | 'ismPolicy' | 'rolloverIndex';

export interface SetupStep {
  readonly kind: SetupKind;
  readonly name: string;
  readonly action: SetupAction;
  readonly reason?: string;
}
