import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { sendGraphError } from '../http/graph-errors';
import { GRAPH_LIMITS, ROLE_CALL_RECORDS, ROLE_PSTN_CALLS } from '../simulator.constants';
import type { SimulatorContext } from '../simulator-context';
import type { JsonObject } from '../simulator.types';
import { objectsIn } from '../simulator.types';
import { hasRole, principalOf } from './graph-guard';
import { matchesListFilter, parseListFilter } from './list-filter';
import type { PagePosition } from './odata';
import {
  applySelect,
  decodeSkipToken,
  ODataError,
  pageSizeFrom,
  parseExpand,
  parseSelect,
} from './odata';
import {
  participantsLink,
  sessionsLink,
  sessionsOf,
  toCollectionPage,
  toListItem,
  toRecordResponse,
} from './record-view';
import { isReportSegment } from './report-window';
import { preferOf, versionUrlOf } from './request-urls';
import { handleReport } from './reports';

// GET /v1.0/communications/callRecords[/{id}[/sessions|/participants_v2]]
// (libs/contracts/graph-reference/FACTS.md section 4).

type Query = Record<string, string | undefined>;
type Handler = (request: FastifyRequest, reply: FastifyReply) => FastifyReply;

function position(request: FastifyRequest, maximum: number): PagePosition {
  const token = (request.query as Query)['$skiptoken'];
  return token
    ? decodeSkipToken(token)
    : { offset: 0, pageSize: pageSizeFrom(preferOf(request), maximum) };
}

/** Role check, OData errors → 400, and the record lookup (404) shared by the record routes. */
function recordRoute(
  context: SimulatorContext,
  handle: (record: JsonObject, request: FastifyRequest, reply: FastifyReply) => FastifyReply,
): Handler {
  return (request, reply) => {
    if (!hasRole(request, reply, [ROLE_CALL_RECORDS])) {
      return reply;
    }
    const { id } = request.params as { id: string };
    const record = context.store.getCallRecord(principalOf(request).tenantId, id);
    if (!record) {
      const message = `The call record '${id}' was not found.`;
      return sendGraphError(request, reply, { status: 404, code: 'NotFound', message });
    }
    return withODataErrors(request, reply, () => handle(record, request, reply));
  };
}

function withODataErrors(
  request: FastifyRequest,
  reply: FastifyReply,
  run: () => FastifyReply,
): FastifyReply {
  try {
    return run();
  } catch (error) {
    if (error instanceof ODataError) {
      return sendGraphError(request, reply, {
        status: 400,
        code: 'BadRequest',
        message: error.message,
      });
    }
    throw error;
  }
}

function listCallRecords(context: SimulatorContext): Handler {
  return (request, reply) => {
    if (!hasRole(request, reply, [ROLE_CALL_RECORDS])) {
      return reply;
    }
    return withODataErrors(request, reply, () => {
      const query = request.query as Query;
      if (query['$expand']) {
        throw new ODataError('List callRecords does not support $expand; get each record by id.');
      }
      const filter = parseListFilter(query['$filter']);
      const select = parseSelect(query['$select']);
      const items = context.store
        .listCallRecords(principalOf(request).tenantId)
        .filter((record) => matchesListFilter(record, filter))
        .sort((a, b) =>
          `${String(a['startDateTime'])}|${String(a['id'])}`.localeCompare(
            `${String(b['startDateTime'])}|${String(b['id'])}`,
          ),
        )
        .map((record) => toListItem(record, select));
      const kept = new URLSearchParams(
        Object.entries(query).filter(
          (entry): entry is [string, string] => entry[0] !== '$skiptoken' && entry[1] !== undefined,
        ),
      ).toString();
      return reply.send(
        toCollectionPage({
          items,
          position: position(request, GRAPH_LIMITS.listPageSize),
          context: `${versionUrlOf(request)}/$metadata#communications/callRecords`,
          linkPrefix: `${versionUrlOf(request)}/communications/callRecords?${kept ? `${kept}&` : ''}$skiptoken=`,
        }),
      );
    });
  };
}

function getRecord(record: JsonObject, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const query = request.query as Query;
  const prefer = preferOf(request);
  const hasPageSize = /odata\.maxpagesize/i.test(prefer ?? '');
  return reply.send(
    toRecordResponse(record, {
      versionUrl: versionUrlOf(request),
      select: parseSelect(query['$select']),
      expand: parseExpand(query['$expand']),
      maxPageSize: hasPageSize ? pageSizeFrom(prefer, Number.MAX_SAFE_INTEGER) : undefined,
    }),
  );
}

function listSessions(
  record: JsonObject,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const query = request.query as Query;
  const id = String(record['id']);
  const withSegments = parseExpand(query['$expand']).some((item) => item.name === 'segments');
  const select = parseSelect(query['$select']);
  return reply.send(
    toCollectionPage({
      items: sessionsOf(record, withSegments).map((session) => applySelect(session, select)),
      position: position(request, GRAPH_LIMITS.sessionsPageSize),
      context: `${versionUrlOf(request)}/$metadata#communications/callRecords('${id}')/sessions`,
      linkPrefix: sessionsLink(versionUrlOf(request), id, withSegments),
    }),
  );
}

function listParticipants(
  record: JsonObject,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const id = String(record['id']);
  return reply.send(
    toCollectionPage({
      items: objectsIn(record['participants_v2']),
      position: position(request, GRAPH_LIMITS.participantsPageSize),
      context: `${versionUrlOf(request)}/$metadata#communications/callRecords('${id}')/participants_v2`,
      linkPrefix: participantsLink(versionUrlOf(request), id),
    }),
  );
}

export function registerCallRecordRoutes(app: FastifyInstance, context: SimulatorContext): void {
  const getOne = recordRoute(context, getRecord);
  app.get('/communications/callRecords', listCallRecords(context));
  // One route for `{id}` and the report functions: both are the segment after callRecords/.
  app.get('/communications/callRecords/:id', (request, reply) => {
    const { id } = request.params as { id: string };
    if (!isReportSegment(id)) {
      return getOne(request, reply);
    }
    if (hasRole(request, reply, [ROLE_CALL_RECORDS, ROLE_PSTN_CALLS])) {
      handleReport(context, { request, reply, segment: id });
    }
    return reply;
  });
  app.get('/communications/callRecords/:id/sessions', recordRoute(context, listSessions));
  app.get(
    '/communications/callRecords/:id/participants_v2',
    recordRoute(context, listParticipants),
  );
}
