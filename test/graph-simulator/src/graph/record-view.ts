import { GRAPH_LIMITS } from '../simulator.constants';
import type { JsonObject } from '../simulator.types';
import { objectsIn } from '../simulator.types';
import type { ExpandItem, PagePosition } from './odata';
import { applySelect, encodeSkipToken, ODataError, pageOf } from './odata';

// Pure shaping of stored records into Graph responses: $select, $expand, nested paging.

export interface ViewOptions {
  /** `https://127.0.0.1:4010/v1.0`: nextLinks are absolute, like Graph's. */
  readonly versionUrl: string;
  readonly select: readonly string[] | undefined;
  readonly expand: readonly ExpandItem[];
  /** From `Prefer: odata.maxpagesize`; capped per collection. */
  readonly maxPageSize: number | undefined;
}

const NAVIGATION = ['sessions', 'participants_v2'] as const;
const EXPANDABLE = new Set<string>(NAVIGATION);

function recordUrl(versionUrl: string, id: string): string {
  return `${versionUrl}/communications/callRecords/${id}`;
}

export function sessionsOf(record: JsonObject, withSegments: boolean): JsonObject[] {
  return objectsIn(record['sessions']).map((session) => {
    if (withSegments) {
      return session;
    }
    const { segments: _segments, ...rest } = session;
    return rest;
  });
}

export function sessionsLink(versionUrl: string, id: string, withSegments: boolean): string {
  return `${recordUrl(versionUrl, id)}/sessions?${withSegments ? '$expand=segments&' : ''}$skiptoken=`;
}

export function participantsLink(versionUrl: string, id: string): string {
  return `${recordUrl(versionUrl, id)}/participants_v2?$skiptoken=`;
}

function pageSize(options: ViewOptions, maximum: number): number {
  return Math.min(options.maxPageSize ?? maximum, maximum);
}

/**
 * GET /communications/callRecords/{id}: the entity with first pages of the expanded collections.
 */
export function toRecordResponse(record: JsonObject, options: ViewOptions): JsonObject {
  for (const item of options.expand) {
    if (!EXPANDABLE.has(item.name)) {
      throw new ODataError(`Could not find a property named '${item.name}' to expand.`);
    }
  }
  const id = String(record['id']);
  const { sessions: _s, participants_v2: _p, ...scalar } = record;
  const response: JsonObject = {
    '@odata.context': `${options.versionUrl}/$metadata#communications/callRecords/$entity`,
    ...applySelect(scalar, options.select),
  };
  const sessionsItem = options.expand.find((item) => item.name === 'sessions');
  if (sessionsItem) {
    const withSegments = sessionsItem.expand.some((item) => item.name === 'segments');
    const sessions = sessionsOf(record, withSegments).map((s) =>
      applySelect(s, sessionsItem.select),
    );
    const page = pageOf(sessions, {
      offset: 0,
      pageSize: pageSize(options, GRAPH_LIMITS.sessionsPageSize),
    });
    response['sessions'] = page.items;
    if (page.next) {
      response['sessions@odata.nextLink'] =
        sessionsLink(options.versionUrl, id, withSegments) + encodeSkipToken(page.next);
    }
  }
  if (options.expand.some((item) => item.name === 'participants_v2')) {
    const participants = objectsIn(record['participants_v2']);
    const size = pageSize(options, GRAPH_LIMITS.participantsPageSize);
    const page = pageOf(participants, { offset: 0, pageSize: size });
    response['participants_v2'] = page.items;
    if (page.next) {
      response['participants_v2@odata.nextLink'] =
        participantsLink(options.versionUrl, id) + encodeSkipToken(page.next);
    }
  }
  return response;
}

export interface CollectionPageInput {
  readonly items: readonly JsonObject[];
  readonly position: PagePosition;
  readonly context: string;
  /** The nextLink up to and including `$skiptoken=`. */
  readonly linkPrefix: string;
}

/** A `{ @odata.context, value, @odata.nextLink? }` page of a collection. */
export function toCollectionPage(input: CollectionPageInput): JsonObject {
  const page = pageOf(input.items, input.position);
  const response: JsonObject = { '@odata.context': input.context, value: page.items };
  if (page.next) {
    response['@odata.nextLink'] = input.linkPrefix + encodeSkipToken(page.next);
  }
  return response;
}

/**
 * The List callRecords item: no sessions or participants (libs/contracts/graph-reference/FACTS.md
 * 9); organizer_v2 stays.
 */
export function toListItem(record: JsonObject, select: readonly string[] | undefined): JsonObject {
  const { sessions: _s, participants_v2: _p, ...rest } = record;
  return applySelect(rest, select);
}
