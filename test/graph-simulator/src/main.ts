import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_GRAPH_SIM_PORT } from './simulator.constants';
import { createSimulator } from './simulator';

// `node test/graph-simulator/main.mts`: the simulator as a process, configured by GRAPH_SIM_* variables.

function portFrom(value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined || value === '') {
    return fallback;
  }
  if (value === 'off') {
    return undefined;
  }
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port '${value}'`);
  }
  return port;
}

async function main(): Promise<void> {
  const env = process.env;
  const simulator = createSimulator({
    port: portFrom(env['GRAPH_SIM_PORT'], DEFAULT_GRAPH_SIM_PORT),
    httpPort: portFrom(env['GRAPH_SIM_HTTP_PORT'], undefined),
    caFile: env['GRAPH_SIM_CA_FILE'] ?? join(tmpdir(), 'callrecords-graph-sim-ca.pem'),
    throttling: env['GRAPH_SIM_THROTTLING'] === '1',
    logLevel: env['LOG_LEVEL'] === 'debug' ? 'debug' : 'info',
  });
  const started = await simulator.start();
  const { clientCertificate, caPem: _caPem, ...printable } = started;
  process.stdout.write(
    `${JSON.stringify({
      msg: 'graph simulator listening',
      ...printable,
      clientCertificateThumbprintSha256: clientCertificate.thumbprintSha256,
    })}\n`,
  );
  const stop = (): void => {
    void simulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `graph simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
