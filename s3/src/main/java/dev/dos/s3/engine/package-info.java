/**
 * The object store that keeps S3 objects on a dos remote (docs/FORMAT.md section 16):
 * {@link dev.dos.s3.engine.DiscordObjectStore} and its parts, one job each: lanes and their posters
 * ({@code LanePoster}, {@code DataPoster}), sealing bodies ({@code BodyWriter}, {@code Sealing}),
 * group commit ({@code CommitBatcher}, {@code PackBuilder}, {@code Intents}), the journal
 * ({@code JournalEntry}, {@code JournalCodec}, {@code JournalSync}), checkpoints and the card
 * ({@code Checkpointer}, {@code StoreCard}), the writer's lease ({@code Lease}), compaction
 * ({@code Compactor}), reading ({@code ObjectReader}) and the local SQLite index ({@code S3Index},
 * {@code StateApplier}, {@code Db}).
 */
package dev.dos.s3.engine;
