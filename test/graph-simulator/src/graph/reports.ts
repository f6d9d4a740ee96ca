import type { FastifyReply, FastifyRequest } from 'fastify';

import { sendGraphError } from '../http/graph-errors';
import { GRAPH_LIMITS } from '../simulator.constants';
import type { SimulatorContext } from '../simulator-context';
import type { JsonObject } from '../simulator.types';
import { principalOf } from './graph-guard';
import { pageSizeFrom } from './odata';
import type { ReportCall } from './report-window';
import { parseReportCall, rowsInWindow } from './report-window';
import { preferOf, versionUrlOf } from './request-urls';

// getPstnCalls / getDirectRoutingCalls: window rules, 1,000 rows per page, `@odata.count` and a
// `$skip` nextLink (examples/getpstncalls-response.json; libs/contracts/graph-reference/FACTS.md
// 14/15).

const ROW_TYPES = {
  getPstnCalls: 'microsoft.graph.callRecords.pstnCallLogRow',
  getDirectRoutingCalls: 'microsoft.graph.callRecords.directRoutingLogRow',
} as const;

function reportPage(
  rows: readonly JsonObject[],
  call: ReportCall,
  page: { readonly versionUrl: string; readonly skip: number; readonly pageSize: number },
): JsonObject {
  const { versionUrl, skip, pageSize } = page;
  const body: JsonObject = {
    '@odata.context': `${versionUrl}/$metadata#Collection(${ROW_TYPES[call.kind]})`,
    '@odata.count': rows.length,
    value: rows.slice(skip, skip + pageSize),
  };
  if (skip + pageSize < rows.length) {
    body['@odata.nextLink'] =
      `${versionUrl}/communications/callRecords/${call.kind}(${call.rawParameters})?$skip=${skip + pageSize}`;
  }
  return body;
}

export function handleReport(
  context: SimulatorContext,
  input: {
    readonly request: FastifyRequest;
    readonly reply: FastifyReply;
    readonly segment: string;
  },
): void {
  const { request, reply } = input;
  const parsed = parseReportCall(input.segment);
  if (!parsed.ok) {
    void sendGraphError(request, reply, {
      status: 400,
      code: 'BadRequest',
      message: parsed.message,
    });
    return;
  }
  const skip = Number((request.query as Record<string, string | undefined>)['$skip'] ?? 0);
  if (!Number.isInteger(skip) || skip < 0) {
    const message = '$skip must be a non-negative integer.';
    void sendGraphError(request, reply, { status: 400, code: 'BadRequest', message });
    return;
  }
  const tenantId = principalOf(request).tenantId;
  const { call } = parsed;
  const source =
    call.kind === 'getPstnCalls'
      ? context.store.pstnRows(tenantId)
      : context.store.directRoutingRows(tenantId);
  const pageSize = pageSizeFrom(preferOf(request), GRAPH_LIMITS.reportPageSize);
  const versionUrl = versionUrlOf(request);
  void reply.send(reportPage(rowsInWindow(source, call), call, { versionUrl, skip, pageSize }));
}
