-- Schema version 1 of the dos metadata index.
-- Times are epoch milliseconds. Ids of remote objects (threads, messages, attachments) are text:
-- Discord snowflakes exceed what some readers of this file treat as exact integers.
-- Enumerated columns hold the Java enum constant names.
-- Child rows name their batch by the integer key batches.pk, not by the 32-character id: a batch
-- may have a million entries, each indexed three times, and the id would triple the file's size.

CREATE TABLE batches (
    pk                INTEGER PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    name              TEXT    NOT NULL,
    state             TEXT    NOT NULL CHECK (state IN ('UPLOADING', 'COMPLETE', 'INCOMPLETE', 'DAMAGED', 'DELETING')),
    created_at        INTEGER NOT NULL,
    completed_at      INTEGER,
    codec             TEXT    NOT NULL,
    original_bytes    INTEGER NOT NULL CHECK (original_bytes >= 0),
    stored_bytes      INTEGER NOT NULL CHECK (stored_bytes >= 0),
    file_count        INTEGER NOT NULL CHECK (file_count >= 0),
    chunk_count       INTEGER NOT NULL CHECK (chunk_count >= 0),
    format_version    INTEGER NOT NULL,
    key_fingerprint   TEXT,
    storage_thread_id TEXT,
    index_message_id  TEXT
);
-- One index per listing order, ending in id (the tie-breaker) so ORDER BY ... LIMIT walks the index.
CREATE INDEX batches_by_created ON batches (created_at, id);
CREATE INDEX batches_by_size    ON batches (original_bytes, id);
CREATE INDEX batches_by_name    ON batches (name COLLATE NOCASE, id);
CREATE INDEX batches_by_state   ON batches (state);

-- Large, rarely read per-batch documents live apart so batch listings and totals scan small rows.
CREATE TABLE batch_manifests (
    batch     INTEGER PRIMARY KEY REFERENCES batches (pk) ON DELETE CASCADE,
    encrypted BLOB NOT NULL
);
CREATE TABLE batch_sources (
    batch       INTEGER PRIMARY KEY REFERENCES batches (pk) ON DELETE CASCADE,
    source_json TEXT NOT NULL
);

-- The upload journal: one row per chunk, POSTING written before a chunk is sent, POSTED (with its
-- remote ids) after the remote confirmed it.
CREATE TABLE chunks (
    batch         INTEGER NOT NULL REFERENCES batches (pk) ON DELETE CASCADE,
    idx           INTEGER NOT NULL CHECK (idx >= 0),
    size          INTEGER NOT NULL CHECK (size >= 0),
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64),
    plain_size    INTEGER NOT NULL CHECK (plain_size >= 0),
    state         TEXT    NOT NULL CHECK (state IN ('PLANNED', 'POSTING', 'POSTED')),
    thread_id     TEXT,
    message_id    TEXT,
    attachment_id TEXT,
    last          INTEGER NOT NULL CHECK (last IN (0, 1)),
    PRIMARY KEY (batch, idx),
    CHECK ((state = 'POSTED') = (thread_id IS NOT NULL AND message_id IS NOT NULL AND attachment_id IS NOT NULL)),
    CHECK (state = 'POSTED' OR (thread_id IS NULL AND message_id IS NULL AND attachment_id IS NULL))
) WITHOUT ROWID;
CREATE UNIQUE INDEX chunks_one_last_per_batch ON chunks (batch) WHERE last = 1;

-- Manifest entries in clear, for list/info/search without decrypting manifests. Clustered by
-- (batch, manifest position) so one batch's entries are read in order from adjacent pages.
CREATE TABLE entries (
    batch        INTEGER NOT NULL REFERENCES batches (pk) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    path         TEXT    NOT NULL,
    type         TEXT    NOT NULL CHECK (type IN ('FILE', 'DIR', 'SYMLINK')),
    size         INTEGER NOT NULL,
    mode         INTEGER NOT NULL,
    mtime        INTEGER NOT NULL,
    sha256       TEXT,
    link_target  TEXT,
    chunk_index  INTEGER NOT NULL,
    chunk_offset INTEGER NOT NULL,
    PRIMARY KEY (batch, ordinal)
) WITHOUT ROWID;
CREATE INDEX entries_by_batch_path ON entries (batch, path);
CREATE INDEX entries_by_path       ON entries (path);

-- Jobs survive restarts. batch_id is the batch's id and no foreign key: a delete job outlives its batch.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL CHECK (kind IN ('UPLOAD', 'DOWNLOAD', 'VERIFY', 'RESUME', 'SYNC', 'BACKUP', 'DELETE')),
    state       TEXT    NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    done_bytes  INTEGER NOT NULL,
    total_bytes INTEGER NOT NULL,
    message     TEXT,
    batch_id    TEXT,
    params_json TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX jobs_by_state ON jobs (state, id);

-- Sync cursors, last verify/backup times and other small local facts.
CREATE TABLE settings (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
