import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { NestFactory } from '@nestjs/core';
import {
  GraphQLSchemaBuilderModule,
  GraphQLSchemaFactory,
  RESOLVER_TYPE_METADATA,
} from '@nestjs/graphql';
import { buildSchema, isObjectType, lexicographicSortSchema, printSchema } from 'graphql';
import { format, resolveConfig } from 'prettier';

import {
  DirectRoutingLogRowStrictSchema,
  PstnCallLogRowStrictSchema,
} from '@callrecords/contracts';

import { IS_PUBLIC } from '../auth/public.decorator';
import { RESOLVERS } from './resolvers';

const SCHEMA_FILE = join(__dirname, '..', 'schema.gql');
const HEADER =
  '# Generated from the resolvers (code first). Do not edit: run\n' +
  '# CALLRECORDS_UPDATE_SCHEMA=1 npm test -- services/gateway/src/graphql/schema.spec.ts\n\n';

async function generatedSdl(): Promise<string> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, {
    logger: false,
  });
  try {
    const schema = await app.get(GraphQLSchemaFactory).create([...RESOLVERS]);
    // Formatted like every committed file (prettier --check runs over the repository).
    const options = await resolveConfig(SCHEMA_FILE);
    return format(`${HEADER}${printSchema(lexicographicSortSchema(schema))}\n`, {
      ...options,
      parser: 'graphql',
    });
  } finally {
    await app.close();
  }
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** Every root operation (query, mutation, subscription) declared by the resolvers. */
function operations(): {
  resolver: string;
  method: string;
  isPublic: boolean;
  tenantScoped: boolean;
}[] {
  return RESOLVERS.flatMap((resolver) =>
    Object.getOwnPropertyNames(resolver.prototype)
      .filter((method) => method !== 'constructor')
      .flatMap((method) => {
        const handler = (resolver.prototype as unknown as Record<string, object>)[method] ?? {};
        const type: unknown = Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler);
        if (typeof type !== 'string' || !ROOT_TYPES.has(type)) {
          return [];
        }
        const args = (Reflect.getMetadata('__routeArguments__', resolver, method) ?? {}) as Record<
          string,
          unknown
        >;
        return [
          {
            resolver: resolver.name,
            method,
            isPublic: Reflect.getMetadata(IS_PUBLIC, handler) === true,
            // @Tenant() is a custom param decorator: its key names the factory.
            tenantScoped: Object.keys(args).some((key) => key.includes('__customRouteArgs__')),
          },
        ];
      }),
  );
}

describe('GraphQL schema', () => {
  it('matches the committed src/schema.gql (regenerate with CALLRECORDS_UPDATE_SCHEMA=1)', async () => {
    const sdl = await generatedSdl();
    if (process.env['CALLRECORDS_UPDATE_SCHEMA'] === '1') {
      writeFileSync(SCHEMA_FILE, sdl);
    }

    expect(sdl).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  it('finds every operation of the API', () => {
    expect(
      operations()
        .map((o) => o.method)
        .sort(),
    ).toEqual([
      'alertRaised',
      'callRecord',
      'callRecordIndexed',
      'callRecords',
      'directRoutingCalls',
      'directRoutingSeries',
      'directRoutingTrunkQuality',
      'erasePerson',
      'pstnCalls',
      'pstnSeries',
      'qualitySeries',
      'streams',
      'usageSeries',
    ]);
  });

  it('guards every operation: none is @Public() and each reads the caller TenantScope', () => {
    const unguarded = operations().filter((o) => o.isPublic || !o.tenantScoped);

    expect(unguarded).toEqual([]);
  });

  // The row schemas are generated from the CSDL (libs/contracts, drift-checked against it), so a
  // property Graph adds to pstnCallLogRow or directRoutingLogRow fails here until it is served.
  it.each([
    ['PstnCall', PstnCallLogRowStrictSchema.shape],
    ['DirectRoutingCall', DirectRoutingLogRowStrictSchema.shape],
  ])('serves every CSDL property of the row as a field of %s', (typeName, shape) => {
    const type = buildSchema(readFileSync(SCHEMA_FILE, 'utf8')).getType(typeName);
    const fields = isObjectType(type) ? Object.keys(type.getFields()) : [];
    const properties = Object.keys(shape).filter((name) => !name.startsWith('@odata'));

    expect(properties.length).toBeGreaterThan(15);
    expect(properties.filter((name) => !fields.includes(name))).toEqual([]);
  });
});
