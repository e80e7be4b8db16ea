package dev.dos.s3.engine;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Options and openers the engine's tests share. */
final class EngineFixture {
    static final MasterKey KEY = MasterKey.fromBytes(new byte[32]);

    private EngineFixture() {
    }

    /** Quick options: no lease settle wait, a short commit delay, two lanes. */
    static S3StoreOptions options() {
        return S3StoreOptions.defaults().withLanes(2).withCommitDelay(Duration.ofMillis(2))
                .withLease(Duration.ofSeconds(90), Duration.ofSeconds(30), Duration.ZERO);
    }

    static DiscordObjectStore open(StorageRemote remote, Path dataDir) throws IOException {
        return DiscordObjectStore.open(remote, KEY, dataDir, options());
    }
}
