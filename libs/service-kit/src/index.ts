export { ConfigError, describeConfig, isSensitive, loadConfig, sensitive } from './config';
export type { ConfigIssue, ConfigKeyDescription, Env, LoadConfigOptions } from './config';
export { Readiness } from './health';
export type { HealthCheckResult, HealthIndicator, ReadinessReport } from './health';
export { createLogger, REDACTED_FIELDS, redactPaths, withCorrelation } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { Counter, createMetricsRegistry, Gauge, Histogram, Registry } from './metrics';
export type { MetricsOptions } from './metrics';
export { runShutdown } from './shutdown';
export type { ShutdownStep, ShutdownStepResult } from './shutdown';
export { startHttpService } from './nest/bootstrap';
export type { HttpServiceOptions } from './nest/bootstrap';
export { PinoNestLogger } from './nest/nest-logger';
export {
  METRICS_REGISTRY,
  ObservabilityController,
  READINESS,
} from './nest/observability.controller';
export { ObservabilityModule } from './nest/observability.module';
export type { ObservabilityOptions } from './nest/observability.module';
export { runJob } from './run-job';
export type { JobRuntime, RunJobOptions } from './run-job';
export { runService } from './run-service';
export type { RunServiceOptions, ServiceRuntime } from './run-service';
