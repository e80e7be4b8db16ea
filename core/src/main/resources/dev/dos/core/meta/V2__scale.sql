-- Schema version 2: what a store of 100,000 batches or more needs (docs/FORMAT.md section 17).

-- 1. Chunks a sync recorded from a batch card, without their post and attachment ids: state REMOTE
--    ("stored in one of the batch's lanes"), looked up when a restore or verify needs them. SQLite
--    cannot change a CHECK in place, so the table is copied (once; a million rows take seconds).
CREATE TABLE chunks_v2 (
    batch         INTEGER NOT NULL REFERENCES batches (pk) ON DELETE CASCADE,
    idx           INTEGER NOT NULL CHECK (idx >= 0),
    size          INTEGER NOT NULL CHECK (size >= 0),
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64),
    plain_size    INTEGER NOT NULL CHECK (plain_size >= 0),
    state         TEXT    NOT NULL CHECK (state IN ('PLANNED', 'POSTING', 'POSTED', 'REMOTE')),
    thread_id     TEXT,
    message_id    TEXT,
    attachment_id TEXT,
    last          INTEGER NOT NULL CHECK (last IN (0, 1)),
    PRIMARY KEY (batch, idx),
    CHECK ((state = 'POSTED') = (thread_id IS NOT NULL AND message_id IS NOT NULL AND attachment_id IS NOT NULL)),
    CHECK (state = 'POSTED' OR (thread_id IS NULL AND message_id IS NULL AND attachment_id IS NULL))
) WITHOUT ROWID;
INSERT INTO chunks_v2 (batch, idx, size, sha256, plain_size, state, thread_id, message_id, attachment_id, last)
    SELECT batch, idx, size, sha256, plain_size, state, thread_id, message_id, attachment_id, last FROM chunks;
DROP TABLE chunks;
ALTER TABLE chunks_v2 RENAME TO chunks;
CREATE UNIQUE INDEX chunks_one_last_per_batch ON chunks (batch) WHERE last = 1;

-- 2. A batch's further lanes (threads 1 .. L-1; lane 0 is batches.storage_thread_id), as its card
--    lists them: where its REMOTE chunks are looked up, and what a delete removes.
CREATE TABLE batch_lanes (
    batch        INTEGER NOT NULL REFERENCES batches (pk) ON DELETE CASCADE,
    lane         INTEGER NOT NULL CHECK (lane >= 1),
    container_id TEXT    NOT NULL,
    PRIMARY KEY (batch, lane)
) WITHOUT ROWID;

-- 3. Totals per state, kept by triggers in the same transaction as every insert, update and delete
--    of a batch, so 'dos stats' and the count of 'dos list' read five rows instead of every batch.
CREATE TABLE batch_totals (
    state          TEXT    NOT NULL PRIMARY KEY
                           CHECK (state IN ('UPLOADING', 'COMPLETE', 'INCOMPLETE', 'DAMAGED', 'DELETING')),
    batches        INTEGER NOT NULL,
    files          INTEGER NOT NULL,
    stored_bytes   INTEGER NOT NULL,
    original_bytes INTEGER NOT NULL,
    chunks         INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO batch_totals (state, batches, files, stored_bytes, original_bytes, chunks)
    SELECT s.state, count(b.pk), coalesce(sum(b.file_count), 0), coalesce(sum(b.stored_bytes), 0),
           coalesce(sum(b.original_bytes), 0), coalesce(sum(b.chunk_count), 0)
    FROM (SELECT 'UPLOADING' AS state UNION ALL SELECT 'COMPLETE' UNION ALL SELECT 'INCOMPLETE'
          UNION ALL SELECT 'DAMAGED' UNION ALL SELECT 'DELETING') s
    LEFT JOIN batches b ON b.state = s.state
    GROUP BY s.state;

CREATE TRIGGER batch_totals_insert AFTER INSERT ON batches BEGIN
    UPDATE batch_totals SET batches = batches + 1, files = files + NEW.file_count,
        stored_bytes = stored_bytes + NEW.stored_bytes, original_bytes = original_bytes + NEW.original_bytes,
        chunks = chunks + NEW.chunk_count
    WHERE state = NEW.state;
END;

CREATE TRIGGER batch_totals_delete AFTER DELETE ON batches BEGIN
    UPDATE batch_totals SET batches = batches - 1, files = files - OLD.file_count,
        stored_bytes = stored_bytes - OLD.stored_bytes, original_bytes = original_bytes - OLD.original_bytes,
        chunks = chunks - OLD.chunk_count
    WHERE state = OLD.state;
END;

CREATE TRIGGER batch_totals_update
    AFTER UPDATE OF state, file_count, stored_bytes, original_bytes, chunk_count ON batches BEGIN
    UPDATE batch_totals SET batches = batches - 1, files = files - OLD.file_count,
        stored_bytes = stored_bytes - OLD.stored_bytes, original_bytes = original_bytes - OLD.original_bytes,
        chunks = chunks - OLD.chunk_count
    WHERE state = OLD.state;
    UPDATE batch_totals SET batches = batches + 1, files = files + NEW.file_count,
        stored_bytes = stored_bytes + NEW.stored_bytes, original_bytes = original_bytes + NEW.original_bytes,
        chunks = chunks + NEW.chunk_count
    WHERE state = NEW.state;
END;
