package dev.dos.s3.engine;

import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.ObjectStoreConformance;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The object-store contract, kept on an in-memory remote with Discord's limits. */
class InMemoryDiscordObjectStoreTest extends ObjectStoreConformance {
    @TempDir
    Path tmp;

    @Override
    protected ObjectStore open() throws Exception {
        return EngineFixture.open(new InMemoryRemote(), tmp.resolve("data"));
    }
}
