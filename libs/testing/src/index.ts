export { exportTestEnv, getTestEnv, parseBrokers } from './test-env';
export type { TestEnv, TestEnvSource } from './test-env';
export { uniqueGroup, uniqueIndex, uniqueName, uniqueTopic } from './unique-names';
export { waitFor } from './wait-for';
export type { WaitForOptions } from './wait-for';
