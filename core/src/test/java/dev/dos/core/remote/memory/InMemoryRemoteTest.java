package dev.dos.core.remote.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the in-memory remote offers tests beyond the storage contract. */
class InMemoryRemoteTest {

    @Test
    void defaultLimitsAreDiscordsUnboostedLimits() throws Exception {
        try (InMemoryRemote remote = new InMemoryRemote()) {
            assertThat(remote.limits()).isEqualTo(new RemoteLimits(10_485_760, 10, 2000, 24_000_000));
        }
    }

    @Test
    void honoursConfiguredLimits() throws Exception {
        try (InMemoryRemote remote = new InMemoryRemote(new RemoteLimits(64, 3, 5, 100))) {
            String id = remote.createContainer("small");
            remote.post(id, "12345", List.of(new BlobUpload("a", new byte[64]), new BlobUpload("b", new byte[1])));
            assertThatThrownBy(() -> remote.post(id, "", List.of(new BlobUpload("a", new byte[65]))))
                    .isInstanceOf(RemoteException.TooLarge.class).hasMessageContaining("65 bytes");
            assertThatThrownBy(() -> remote.post(id, "123456", List.of()))
                    .isInstanceOf(RemoteException.TooLarge.class);
            assertThatThrownBy(() -> remote.post(id, "", List.of(new BlobUpload("a", new byte[1]),
                    new BlobUpload("b", new byte[1]), new BlobUpload("c", new byte[1]), new BlobUpload("d", new byte[1]))))
                    .isInstanceOf(RemoteException.TooLarge.class).hasMessageContaining("4 blobs");
            assertThatThrownBy(() -> remote.post(id, "", List.of(new BlobUpload("a", new byte[64]),
                    new BlobUpload("b", new byte[37]))))
                    .isInstanceOf(RemoteException.TooLarge.class).hasMessageContaining("101 bytes together");
        }
    }

    @Test
    void postsCarryTheClockTimeAndIdsGrowWithTime() throws Exception {
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        try (InMemoryRemote remote = new InMemoryRemote(InMemoryRemote.DISCORD_DEFAULT_LIMITS, Clock.fixed(now, ZoneOffset.UTC))) {
            String id = remote.createContainer("timed");
            Post first = remote.post(id, "1", List.of());
            Post second = remote.post(id, "2", List.of());
            assertThat(first.createdAt()).isEqualTo(now);
            assertThat(Long.parseLong(second.id())).isGreaterThan(Long.parseLong(first.id()));
        }
    }

    @Test
    void aStrangerSharesTheStoreButItsPostsAreNotOurs() throws Exception {
        try (InMemoryRemote remote = new InMemoryRemote()) {
            String index = remote.areaId(StorageRemote.Area.INDEX);
            Post planted = remote.stranger().post(index, "dos-card v1 batch=...", List.of());

            assertThat(planted.ours()).isFalse();
            assertThat(remote.listPosts(index, null, 10)).singleElement()
                    .satisfies(p -> assertThat(p.ours()).isFalse());
            assertThat(remote.post(index, "ours", List.of()).ours()).isTrue();
        }
    }
}
