import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';

import { GraphiqlBundle } from './graphiql-bundle.service';

interface Reply {
  header(name: string, value: string): Reply;
  send(body: unknown): unknown;
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>callrecords GraphQL</title>
    <link rel="stylesheet" href="/graphiql/assets/graphiql.css" />
    <style>
      body { margin: 0; font-family: system-ui, sans-serif; }
      #bar { display: flex; gap: 8px; align-items: center; padding: 6px 12px; background: #f3f4f6; }
      #token { flex: 1; font-family: monospace; }
      #graphiql { height: calc(100vh - 36px); }
    </style>
  </head>
  <body>
    <div id="bar">
      <label for="token">Bearer token</label>
      <input id="token" type="password" autocomplete="off" placeholder="paste an access token" />
    </div>
    <div id="graphiql">Loading GraphiQL…</div>
    <script type="module" src="/graphiql/assets/graphiql.js"></script>
  </body>
</html>`;

/** GraphiQL (development mode only): paste `{"Authorization": "Bearer …"}` in the headers tab. */
@Controller('graphiql')
export class GraphiqlController {
  constructor(private readonly bundle: GraphiqlBundle) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header(
    'Content-Security-Policy',
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:",
  )
  page(): string {
    return PAGE;
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() reply: Reply): void {
    const asset = this.bundle.asset(name);
    if (!asset) {
      throw new NotFoundException();
    }
    reply
      .header('Content-Type', asset.contentType)
      .header('Cache-Control', 'no-cache')
      .send(Buffer.from(asset.body));
  }
}
