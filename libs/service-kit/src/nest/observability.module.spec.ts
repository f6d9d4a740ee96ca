import { Writable } from 'node:stream';

import { Body, Controller, Module, Post } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { Readiness } from '../health';
import { createLogger } from '../logger';
import { createMetricsRegistry } from '../metrics';
import { startHttpService } from './bootstrap';
import { ObservabilityModule } from './observability.module';

@Controller()
class EchoController {
  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

function appModule(readiness: Readiness): DynamicModule {
  const registry = createMetricsRegistry({ service: 'kit-spec', defaultMetrics: false });
  @Module({
    imports: [ObservabilityModule.forRoot({ readiness, registry })],
    controllers: [EchoController],
  })
  class AppModule {}
  return { module: AppModule };
}

const silent = createLogger({
  service: 'kit-spec',
  version: 'test',
  level: 'silent',
  destination: new Writable({ write: (_chunk, _enc, done) => done() }),
});

describe(ObservabilityModule.name, () => {
  let app: NestFastifyApplication;
  let up = false;
  const readiness = new Readiness();
  readiness.register({
    name: 'dependency',
    check: () => (up ? Promise.resolve() : Promise.reject(new Error('not yet'))),
  });

  beforeAll(async () => {
    app = await startHttpService({
      module: appModule(readiness),
      logger: silent,
      port: 0,
      host: '127.0.0.1',
      bodyLimitBytes: 64,
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers liveness without asking any dependency', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live' });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports 503 with the failing check until every dependency is up', async () => {
    up = false;
    const down = await app.inject({ method: 'GET', url: '/health/ready' });
    up = true;
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });

    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({
      checks: { dependency: { status: 'down', error: 'not yet' } },
    });
    expect(ready.statusCode).toBe(200);
  });

  it('serves Prometheus text with the service label', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
  });

  it('rejects a body above the limit with 413 before the handler', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ padding: 'x'.repeat(200) }),
    });

    expect(res.statusCode).toBe(413);
  });
});
