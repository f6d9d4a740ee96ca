import { describe, expect, it } from '@jest/globals';

import { classifyBulkItem } from './bulk-item';
import type { BulkResponseItemLike } from './bulk-item';

function failed(status: number, type: string, reason = 'because'): BulkResponseItemLike {
  return { status, error: { type, reason } };
}

describe(classifyBulkItem.name, () => {
  it.each<readonly [string, BulkResponseItemLike, string]>([
    ['201 created', { status: 201 }, 'written'],
    ['200 updated', { status: 200 }, 'written'],
    ['409 version conflict', failed(409, 'version_conflict_engine_exception'), 'stale'],
    ['429 rejected execution', failed(429, 'es_rejected_execution_exception'), 'retryable'],
    [
      '429 opensearch rejected execution',
      failed(429, 'opensearch_rejected_execution_exception'),
      'retryable',
    ],
    ['503 unavailable shards', failed(503, 'unavailable_shards_exception'), 'retryable'],
    ['500 anything', failed(500, 'exception'), 'retryable'],
    ['429 circuit breaker', failed(429, 'circuit_breaking_exception'), 'retryable'],
    ['403 read-only block', failed(403, 'cluster_block_exception'), 'retryable'],
    ['404 missing index', failed(404, 'index_not_found_exception'), 'retryable'],
    [
      'alias without write index',
      failed(400, 'illegal_argument_exception', 'no write index is defined for alias [a]'),
      'retryable',
    ],
    ['400 mapper parsing', failed(400, 'mapper_parsing_exception'), 'poison'],
    ['400 strict dynamic mapping', failed(400, 'strict_dynamic_mapping_exception'), 'poison'],
    ['400 illegal argument', failed(400, 'illegal_argument_exception'), 'poison'],
    ['400 document parsing', failed(400, 'document_parsing_exception'), 'poison'],
    ['413 other 4xx', failed(413, 'too_long'), 'poison'],
    ['a string error', { status: 400, error: 'bad' }, 'poison'],
    ['an error without details', { status: 400 }, 'poison'],
  ])('reports %s as %s', (_name, item, status) => {
    const result = classifyBulkItem(item);

    expect(result.status).toBe(status);
  });

  it('gives no reason for written and stale items', () => {
    const results = [classifyBulkItem({ status: 201 }), classifyBulkItem(failed(409, 'x'))];

    expect(results).toEqual([{ status: 'written' }, { status: 'stale' }]);
  });

  it('gives the error type and the field name of a poison item', () => {
    const result = classifyBulkItem(
      failed(
        400,
        'strict_dynamic_mapping_exception',
        'mapping set to strict, dynamic introduction of [x] within [_doc] is not allowed',
      ),
    );

    expect(result).toEqual({
      status: 'poison',
      reason: 'strict_dynamic_mapping_exception: field [x]',
    });
  });

  // Reason texts as OpenSearch 2.x writes them, each quoting a value of the document.
  it.each([
    {
      name: 'a mapping error with a value preview',
      type: 'mapper_parsing_exception',
      reason:
        "failed to parse field [durationSeconds] of type [integer] in document with id 'r1'. Preview of field's value: 'Alice Example'",
      expected: 'mapper_parsing_exception: field [durationSeconds]',
    },
    {
      name: 'a date that is a name',
      type: 'mapper_parsing_exception',
      reason:
        'failed to parse date field [Alice Example] with format [strict_date_optional_time||epoch_millis]',
      expected: 'mapper_parsing_exception',
    },
    {
      name: 'a number that is a phone number',
      type: 'number_format_exception',
      reason: 'For input string: "+4930123456789"',
      expected: 'number_format_exception',
    },
    {
      name: 'an IP field given a name',
      type: 'illegal_argument_exception',
      reason: "'alice.example@contoso.com' is not an IP string literal.",
      expected: 'illegal_argument_exception',
    },
  ])('keeps no value of $name', ({ type, reason, expected }) => {
    const result = classifyBulkItem(failed(400, type, reason));

    expect(result).toEqual({ status: 'poison', reason: expected });
  });

  it('shortens a very long reason', () => {
    const result = classifyBulkItem(failed(400, 'x'.repeat(1_000), 'y'));

    expect(result.reason).toHaveLength(300);
  });
});
