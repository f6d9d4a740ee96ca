import type { Simulator, SimulatorOptions, StartedSimulator } from '../simulator';
import { createSimulator } from '../simulator';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_TENANT_ID } from '../simulator.constants';

// Starts a simulator for a spec with a plain HTTP listener too, so specs can use fetch without the CA.

export interface TestSimulator {
  readonly simulator: Simulator;
  readonly started: StartedSimulator;
  /** fetch against the HTTP listener: `call('/v1.0/…', init)`. */
  call(path: string, init?: RequestInit): Promise<Response>;
  /** A Graph access token from the simulator's Entra (demo app by default). */
  token(app?: { clientId: string; secret: string; tenantId?: string }): Promise<string>;
  /** call() with a bearer token of the demo app. */
  graph(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const simulator = createSimulator({ ...options, httpPort: 0 });
  const started = await simulator.start();
  const base = started.httpUrl ?? '';
  const call = (path: string, init?: RequestInit): Promise<Response> =>
    fetch(`${base}${path}`, init);
  const token = async (
    app: { clientId: string; secret: string; tenantId?: string } = {
      clientId: DEMO_CLIENT_ID,
      secret: DEMO_CLIENT_SECRET,
    },
  ): Promise<string> => {
    const tenantId = app.tenantId ?? DEMO_TENANT_ID;
    const response = await call(`/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.secret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) {
      throw new Error(`no token: ${JSON.stringify(body)}`);
    }
    return body.access_token;
  };
  let demoToken: string | undefined;
  const graph = async (
    path: string,
    init: RequestInit & { token?: string } = {},
  ): Promise<Response> => {
    demoToken ??= await token();
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${init.token ?? demoToken}`);
    return call(path, { ...init, headers });
  };
  return { simulator, started, call, token, graph, stop: () => simulator.stop() };
}

/** POSTs JSON to the control API. */
export function jsonInit(body: unknown, method = 'POST'): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
