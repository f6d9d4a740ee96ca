/** Injection tokens of the process-wide objects built in main.ts before Nest starts. */
export const GATEWAY_CONFIG = Symbol('gateway.config');
export const LOGGER = Symbol('gateway.logger');
export const OPENSEARCH_CLIENT = Symbol('gateway.opensearch-client');
export const KAFKA = Symbol('gateway.kafka');
export const TOKEN_VERIFIER = Symbol('gateway.token-verifier');
export const CURSOR_SECRET = Symbol('gateway.cursor-secret');
