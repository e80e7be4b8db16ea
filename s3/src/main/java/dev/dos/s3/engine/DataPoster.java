package dev.dos.s3.engine;

import dev.dos.core.format.ChunkSink;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.io.Failures;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.StorageRemote;
import dev.dos.s3.engine.IndexRows.LanePost;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;

/**
 * Posts one big body's chunks as they are sealed: consecutive chunks, as many per post as the
 * limits allow, into data posts through the {@link LanePoster} (docs/FORMAT.md section 16.3). The
 * chunks' bytes are let go as soon as their post is queued; only their sizes are kept.
 */
final class DataPoster implements ChunkSink {
    private record Sent(List<long[]> sizes, CompletableFuture<LanePoster.Posted> post) {
    }

    private final LanePoster poster;
    private final StorageRemote remote;
    private final List<String> lanes;
    private final IntFunction<String> names;
    private final int chunksPerPost;
    private final List<Sent> sent = new ArrayList<>();
    private List<EncodedChunk> group = new ArrayList<>();

    /** @param names the blob name of each chunk index */
    DataPoster(LanePoster poster, StorageRemote remote, List<String> lanes, IntFunction<String> names,
               int chunksPerPost) {
        this.poster = poster;
        this.remote = remote;
        this.lanes = lanes;
        this.names = names;
        this.chunksPerPost = Math.max(1, chunksPerPost);
    }

    @Override
    public void accept(EncodedChunk chunk) throws IOException {
        failFast();
        group.add(chunk);
        if (group.size() >= chunksPerPost) {
            flush();
        }
    }

    /** The posted chunks, in order, and the data posts holding them; waits until all are confirmed. */
    record Result(List<ChunkLoc> chunks, List<JournalEntry.PostEntry> posts) {
    }

    Result finish() throws IOException {
        flush();
        List<ChunkLoc> chunks = new ArrayList<>();
        List<JournalEntry.PostEntry> posts = new ArrayList<>();
        for (Sent s : sent) {
            LanePoster.Posted posted = await(s.post());
            List<Blob> blobs = posted.post().blobs();
            long bytes = 0;
            for (int i = 0; i < s.sizes().size(); i++) {
                long[] size = s.sizes().get(i);
                chunks.add(ChunkLoc.at(size[0], size[1], posted.lane(), posted.post().id(), blobs.get(i).ref().blobId(),
                        0));
                bytes += blobs.get(i).size();
            }
            posts.add(new JournalEntry.PostEntry(posted.lane(), posted.post().id(), bytes, 0));
        }
        return new Result(chunks, posts);
    }

    /** Gives up: waits for the posts already queued and deletes those that were made. */
    void abort(S3Index index) {
        group = new ArrayList<>();
        List<LanePost> made = new ArrayList<>();
        for (Sent s : sent) {
            try {
                LanePoster.Posted posted = s.post().get();
                remote.deletePost(lanes.get(posted.lane()), posted.post().id());
                made.add(new LanePost(posted.lane(), posted.post().id()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // left pending: deleted at the next start
            } catch (ExecutionException | IOException ignored) {
                // not posted, or not deleted now: a pending post is deleted at the next start
            }
        }
        try {
            index.removePending(made);
        } catch (IOException | RuntimeException ignored) {
            // deleting an already deleted post again at the next start does no harm
        }
    }

    private void flush() throws IOException {
        if (group.isEmpty()) {
            return;
        }
        List<BlobUpload> blobs = new ArrayList<>(group.size());
        List<long[]> sizes = new ArrayList<>(group.size());
        for (EncodedChunk chunk : group) {
            blobs.add(new BlobUpload(names.apply(chunk.index()), chunk.bytes()));
            sizes.add(new long[] {chunk.rawBytes(), chunk.size()});
        }
        group = new ArrayList<>();
        sent.add(new Sent(sizes, poster.submit("", blobs)));
    }

    private void failFast() throws IOException {
        for (Sent s : sent) {
            if (s.post().isCompletedExceptionally()) {
                await(s.post());
            }
        }
    }

    private static LanePoster.Posted await(CompletableFuture<LanePoster.Posted> future) throws IOException {
        return Failures.await(future, "waiting for a data post");
    }
}
