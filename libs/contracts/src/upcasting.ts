import { routeKey } from './envelope';
import type { AnyEventDefinition, EventDecoder, EventOf } from './envelope';

/** A pure function from version N of an event to version N+k of the same type (STYLE.md §2.5). */
export interface Upcaster<From extends AnyEventDefinition, To extends AnyEventDefinition> {
  readonly from: From;
  readonly to: To;
  readonly upcast: (event: EventOf<From>) => EventOf<To>;
}

/** Any upcaster (`never` lets upcasters of different versions share one list). */
export interface AnyUpcaster {
  readonly from: AnyEventDefinition;
  readonly to: AnyEventDefinition;
  readonly upcast: (event: never) => unknown;
}

export function defineUpcaster<From extends AnyEventDefinition, To extends AnyEventDefinition>(
  from: From,
  to: To,
  upcast: (event: EventOf<From>) => EventOf<To>,
): Upcaster<From, To> {
  if (from.type !== to.type || from.version >= to.version) {
    throw new Error(
      `an upcaster goes from an older to a newer version of one type, not ${from.type} v${from.version} → ${to.type} v${to.version}`,
    );
  }
  return { from, to, upcast };
}

function requiredRoute(definition: AnyEventDefinition): (raw: unknown) => unknown {
  const route = definition.routes.get(routeKey(definition.type, definition.version));
  if (route === undefined) {
    throw new Error(`${definition.type} v${definition.version} has no route`);
  }
  return route;
}

/**
 * Decodes every listed version of `latest`'s type and upcasts older ones step by step, so a
 * consumer only handles the latest version and replays of old topics keep working.
 * Throws at construction when the upcasters do not chain every version to `latest`.
 */
export function eventDecoder<D extends AnyEventDefinition>(
  latest: D,
  upcasters: readonly AnyUpcaster[] = [],
): EventDecoder<EventOf<D>> {
  const byFromVersion = new Map(upcasters.map((u) => [u.from.version, u]));
  const decodeLatest = requiredRoute(latest) as (raw: unknown) => EventOf<D>;
  const routes = new Map<string, (raw: unknown) => EventOf<D>>([
    [routeKey(latest.type, latest.version), decodeLatest],
  ]);
  for (const first of upcasters) {
    if (first.from.type !== latest.type) {
      throw new Error(`upcaster for ${first.from.type} given to a ${latest.type} decoder`);
    }
    const chain = [first];
    for (let step = first; step.to.version !== latest.version;) {
      const next = byFromVersion.get(step.to.version);
      if (next === undefined || chain.length > upcasters.length) {
        throw new Error(
          `no upcaster from ${latest.type} v${step.to.version} towards v${latest.version}`,
        );
      }
      chain.push(next);
      step = next;
    }
    const decodeOld = requiredRoute(first.from);
    // Re-validating the result against the latest schema turns an upcaster bug into a decode error.
    routes.set(routeKey(first.from.type, first.from.version), (raw) =>
      decodeLatest(
        chain.reduce((event, u) => (u.upcast as (e: unknown) => unknown)(event), decodeOld(raw)),
      ),
    );
  }
  return { routes };
}
