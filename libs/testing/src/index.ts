export { anAggregatorBenchEvent, anAggregatorBenchRecord } from './aggregator-bench-records';
export { BENCH_RESULT_PREFIX, reportBenchResult, runBench } from './bench-kit';
export type { BenchResult } from './bench-kit';
export { exportTestEnv, getTestEnv, parseBrokers } from './test-env';
export type { TestEnv, TestEnvSource } from './test-env';
export { uniqueGroup, uniqueIndex, uniqueName, uniqueTopic } from './unique-names';
export { waitFor } from './wait-for';
export type { WaitForOptions } from './wait-for';
export {
  aCallRecord,
  aCallRecordFetched,
  aDirectRoutingRow,
  aMediaStream,
  aMeetingWithSessions,
  aNotification,
  aNotificationReceived,
  aPstnCallRow,
  aPstnCallRowEvent,
  aSegment,
  aSession,
  EXAMPLE_CALL_RECORD_ID,
  EXAMPLE_TENANT_ID,
} from './builders';
export { startPrivateKafka } from './private-kafka';
export type { PrivateKafka } from './private-kafka';
export { startTcpProxy } from './tcp-proxy';
export type { TcpProxy, TcpTarget } from './tcp-proxy';
export { freePort } from './free-port';
export { aSubscriptionLifecycle, EXAMPLE_NOTIFICATION_URL } from './subscription-builders';
export { closeWatchingReadiness, resumeFromCommitted } from './shutdown-watch';
export type { ClosableService, ShutdownSample } from './shutdown-watch';
