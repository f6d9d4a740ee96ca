import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';

import { decodeContribution } from '../domain/contribution-plan';
import type { ContributionDocument } from '../domain/contribution-plan';
import type { ContributionCutoffs } from '../domain/contribution-cutoffs';

/** A contribution to store: its id, hour (for retention) and encoded form (encodeContribution). */
export interface StoredContribution {
  readonly id: string;
  readonly hourStart: string;
  readonly value: string;
}

/**
 * Each source record's last contribution, per source partition (`topic/partition`), in an embedded
 * SQLite file (Node's built-in `node:sqlite`): the aggregator's local state. It is a cache of the
 * changelog topic, which is the durable copy (written in the same Kafka transaction as the consumed
 * offsets), so the file is written without journal or fsync and rebuilt from the changelog when a
 * partition is assigned. Memory stays bounded by SQLite's page cache, whatever the record count.
 */
const GET_CHUNK = 200;

export class ContributionStore {
  /** `SELECT … id IN (?, …)` statements by number of ids. */
  private readonly getMany = new Map<number, StatementSync>();
  private readonly statements: {
    readonly put: StatementSync;
    readonly remove: StatementSync;
    readonly clear: StatementSync;
    readonly expiredOfTenant: StatementSync;
    readonly count: StatementSync;
  };

  private constructor(
    private readonly db: DatabaseSync,
    private readonly cleanUp: () => void,
  ) {
    // Pages of 16 KiB: a row (its encoded contribution inline, WITHOUT ROWID) longer than about a
    // quarter of a page spills into overflow pages, and at 4 KiB a call record's contribution of
    // about 1 KB did (lookups and writes cost twice as much). The page size of an existing file
    // changes only on VACUUM (cheap here: the table is dropped first).
    db.exec(`
      PRAGMA page_size = 16384;
      PRAGMA journal_mode = OFF;
      PRAGMA synchronous = OFF;
      PRAGMA locking_mode = EXCLUSIVE;
      PRAGMA cache_size = -16000;
      DROP TABLE IF EXISTS contributions;
      VACUUM;
      CREATE TABLE contributions (
        part TEXT NOT NULL, id TEXT NOT NULL, hour_start TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (part, id)
      ) WITHOUT ROWID;
      CREATE INDEX contributions_by_hour ON contributions (part, hour_start);
    `);
    this.statements = {
      put: db.prepare(
        'INSERT OR REPLACE INTO contributions (part, id, hour_start, doc) VALUES (?, ?, ?, ?)',
      ),
      remove: db.prepare('DELETE FROM contributions WHERE part = ? AND id = ?'),
      clear: db.prepare('DELETE FROM contributions WHERE part = ?'),
      // Ids are `<tenant>|<source>|<id>`: a tenant's are the key range [`<tenant>|`, `<tenant>}`).
      expiredOfTenant: db.prepare(
        'SELECT id FROM contributions WHERE part = ? AND id >= ? AND id < ? AND hour_start < ? LIMIT ?',
      ),
      count: db.prepare('SELECT count(*) AS n FROM contributions WHERE part = ?'),
    };
  }

  /**
   * Opens a store in `dir` (created if missing), or in a private temporary directory removed on
   * close. It starts empty: partitions are restored from the changelog when assigned. Two
   * processes cannot share one file (exclusive lock).
   */
  static open(dir?: string): ContributionStore {
    const home = dir ?? mkdtempSync(join(tmpdir(), 'callrecords-aggregator-'));
    mkdirSync(home, { recursive: true });
    const db = new DatabaseSync(join(home, 'contributions.sqlite'));
    return new ContributionStore(db, () => {
      if (!dir) {
        rmSync(home, { recursive: true, force: true });
      }
    });
  }

  /** The stored contributions of these ids (contribution ids) in one source partition. */
  get(part: string, ids: Iterable<string>): Map<string, ContributionDocument> {
    const found = new Map<string, ContributionDocument>();
    const all = [...ids];
    // One statement per GET_CHUNK ids: a call into SQLite costs more than the lookup itself.
    for (let start = 0; start < all.length; start += GET_CHUNK) {
      const chunk = all.slice(start, start + GET_CHUNK);
      const rows = this.selectIn(chunk.length).all(part, ...chunk) as { id: string; doc: string }[];
      for (const row of rows) {
        found.set(row.id, decodeContribution(row.doc));
      }
    }
    return found;
  }

  private selectIn(count: number): StatementSync {
    let statement = this.getMany.get(count);
    if (!statement) {
      const marks = new Array<string>(count).fill('?').join(', ');
      statement = this.db.prepare(
        `SELECT id, doc FROM contributions WHERE part = ? AND id IN (${marks})`,
      );
      this.getMany.set(count, statement);
    }
    return statement;
  }

  /** Puts and removes in one SQLite transaction. */
  write(part: string, puts: readonly StoredContribution[], removes: readonly string[] = []): void {
    this.inTransaction(() => {
      for (const { id, hourStart, value } of puts) {
        this.statements.put.run(part, id, hourStart, value);
      }
      for (const id of removes) {
        this.statements.remove.run(part, id);
      }
    });
  }

  /** Forgets a partition (it moved to another replica, or is about to be restored). */
  clear(part: string): void {
    this.statements.clear.run(part);
  }

  /**
   * Up to `limit` ids of a partition whose hour starts before their tenant's cutoff: each listed
   * tenant by its own cutoff, every other tenant by the default (oldest first).
   */
  expired(part: string, cutoffs: ContributionCutoffs, limit: number): string[] {
    const ids: string[] = [];
    for (const [tenantId, cutoff] of cutoffs.byTenant) {
      if (cutoff !== undefined && ids.length < limit) {
        const rows = this.statements.expiredOfTenant.all(
          part,
          `${tenantId}|`,
          `${tenantId}}`,
          cutoff,
          limit - ids.length,
        ) as { id: string }[];
        ids.push(...rows.map((row) => row.id));
      }
    }
    if (cutoffs.default !== undefined && ids.length < limit) {
      const listed = [...cutoffs.byTenant.keys()];
      const marks = listed.map(() => '?').join(', ');
      // Hourly at most, with the listed tenants as parameters: prepared per call.
      const rows = this.db
        .prepare(
          `SELECT id FROM contributions WHERE part = ? AND hour_start < ?${
            listed.length > 0 ? ` AND substr(id, 1, instr(id, '|') - 1) NOT IN (${marks})` : ''
          } ORDER BY hour_start LIMIT ?`,
        )
        .all(part, cutoffs.default, ...listed, limit - ids.length) as { id: string }[];
      ids.push(...rows.map((row) => row.id));
    }
    return ids;
  }

  count(part: string): number {
    return Number((this.statements.count.get(part) as { n: number }).n);
  }

  close(): void {
    this.db.close();
    this.cleanUp();
  }

  private inTransaction(work: () => void): void {
    this.db.exec('BEGIN');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }
}
