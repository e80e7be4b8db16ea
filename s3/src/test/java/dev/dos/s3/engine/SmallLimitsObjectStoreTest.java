package dev.dos.s3.engine;

import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.ObjectStoreConformance;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract again on a remote with tiny limits (128 KiB blobs, 3 per post, 300 characters of
 * text) and a 16 KiB small-object threshold: objects span many chunks, posts and streams, packs
 * fill several blobs, and most records travel as blobs rather than in the post's text.
 */
class SmallLimitsObjectStoreTest extends ObjectStoreConformance {
    @TempDir
    Path tmp;

    @Override
    protected ObjectStore open() throws Exception {
        InMemoryRemote remote = new InMemoryRemote(new RemoteLimits(128 * 1024, 3, 300, 300 * 1024));
        return DiscordObjectStore.open(remote, EngineFixture.KEY, tmp.resolve("data"),
                EngineFixture.options().withSmallObjectBytes(16 * 1024));
    }
}
