import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';

import type { ContributionDocument } from '../domain/contribution-plan';

/**
 * Each source record's last contribution, per source partition (`topic/partition`), in an embedded
 * SQLite file (Node's built-in `node:sqlite`): the aggregator's local state. It is a cache of the
 * changelog topic, which is the durable copy (written in the same Kafka transaction as the consumed
 * offsets), so the file is written without journal or fsync and rebuilt from the changelog when a
 * partition is assigned. Memory stays bounded by SQLite's page cache, whatever the record count.
 */
export class ContributionStore {
  private readonly statements: {
    readonly get: StatementSync;
    readonly put: StatementSync;
    readonly remove: StatementSync;
    readonly clear: StatementSync;
    readonly expired: StatementSync;
    readonly count: StatementSync;
  };

  private constructor(
    private readonly db: DatabaseSync,
    private readonly cleanUp: () => void,
  ) {
    db.exec(`
      PRAGMA journal_mode = OFF;
      PRAGMA synchronous = OFF;
      PRAGMA locking_mode = EXCLUSIVE;
      PRAGMA cache_size = -16000;
      DROP TABLE IF EXISTS contributions;
      CREATE TABLE contributions (
        part TEXT NOT NULL, id TEXT NOT NULL, hour_start TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (part, id)
      ) WITHOUT ROWID;
      CREATE INDEX contributions_by_hour ON contributions (part, hour_start);
    `);
    this.statements = {
      get: db.prepare('SELECT doc FROM contributions WHERE part = ? AND id = ?'),
      put: db.prepare(
        'INSERT OR REPLACE INTO contributions (part, id, hour_start, doc) VALUES (?, ?, ?, ?)',
      ),
      remove: db.prepare('DELETE FROM contributions WHERE part = ? AND id = ?'),
      clear: db.prepare('DELETE FROM contributions WHERE part = ?'),
      expired: db.prepare(
        'SELECT id FROM contributions WHERE part = ? AND hour_start < ? ORDER BY hour_start LIMIT ?',
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
    for (const id of ids) {
      const row = this.statements.get.get(part, id) as { doc: string } | undefined;
      if (row) {
        found.set(id, JSON.parse(row.doc) as ContributionDocument);
      }
    }
    return found;
  }

  /** Puts and removes in one SQLite transaction (`puts` by contribution id). */
  write(
    part: string,
    puts: readonly { readonly id: string; readonly doc: ContributionDocument }[],
    removes: readonly string[] = [],
  ): void {
    this.inTransaction(() => {
      for (const { id, doc } of puts) {
        this.statements.put.run(part, id, doc.hourStart, JSON.stringify(doc));
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

  /** Up to `limit` ids of a partition whose hour starts before `cutoff` (oldest first). */
  expired(part: string, cutoff: string, limit: number): string[] {
    return (this.statements.expired.all(part, cutoff, limit) as { id: string }[]).map((r) => r.id);
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
