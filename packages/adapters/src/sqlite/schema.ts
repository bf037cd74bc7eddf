import type Database from 'better-sqlite3'

/**
 * The file's schema, one migration per `user_version` step. Append new steps;
 * never edit a shipped one (files in the field were built from it).
 */
const migrations: readonly string[] = [
  // 0 → 1: the log. `position` is the rowid (the readAll index); the unique
  // (stream_id, version) index serves readStream and is the last-line concurrency guard.
  // JSON columns are text; `data` is NULL only for an event that has no data.
  `CREATE TABLE events (
     position       INTEGER PRIMARY KEY,
     stream_id      TEXT    NOT NULL,
     version        INTEGER NOT NULL,
     event_id       TEXT    NOT NULL,
     type           TEXT    NOT NULL,
     schema_version INTEGER NOT NULL,
     data           TEXT,
     metadata       TEXT    NOT NULL,
     recorded_at    TEXT    NOT NULL,
     prev_hash      TEXT    NOT NULL,
     hash           TEXT    NOT NULL
   ) STRICT;
   CREATE UNIQUE INDEX events_stream_version ON events (stream_id, version);`,
  // 1 → 2: the log's Merkle tree (RFC 9162) and its signed heads (audit/treeLog.ts). `merkle_chunks` keeps
  // the root of every complete run of 256 leaves (so proofs and restarts need not re-read the whole log);
  // `tree_heads` every signed head. Both are derived from the log and checked against it, never trusted.
  `CREATE TABLE merkle_chunks (
     chunk          INTEGER PRIMARY KEY,
     first_position INTEGER NOT NULL,
     last_position  INTEGER NOT NULL,
     hash           BLOB    NOT NULL
   ) STRICT;
   CREATE TABLE tree_heads (
     tree_size      INTEGER PRIMARY KEY,
     root_hash      TEXT    NOT NULL,
     timestamp      TEXT    NOT NULL,
     key_id         TEXT    NOT NULL,
     signature      TEXT    NOT NULL
   ) STRICT;`,
  // 2 → 3: no table changes. Sealed personal fields are written as `sealed:v2:<role>` from here on (core's privacy/
  // sealed.ts, SEALED_V2_PREFIX); a build from before would read such a marker as the value itself (and copy it into
  // the events it writes), so the version is raised with the format: an older build refuses the file, as it refuses
  // every file written by a newer one. Events written before stay as they are (v1 markers, still read).
  `SELECT 1`,
]

/** The schema version this build writes. */
export const SCHEMA_VERSION = migrations.length

/** Brings the file up to SCHEMA_VERSION; refuses a file written by a newer build. */
export const migrate = (db: Database.Database): void => {
  // IMMEDIATE: two processes opening a fresh file at once must not both migrate it.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number
    if (current > SCHEMA_VERSION) {
      throw new Error(`${db.name} has event-store schema ${current}; this build knows up to ${SCHEMA_VERSION}`)
    }
    for (let version = current; version < SCHEMA_VERSION; version += 1) db.exec(migrations[version] ?? '')
    if (current !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}
