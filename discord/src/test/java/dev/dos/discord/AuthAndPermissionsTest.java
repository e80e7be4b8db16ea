package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote.Area;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad credentials and missing permissions: clear typed errors, the token never shown, no hammering. */
class AuthAndPermissionsTest {
    static final long VIEW_CHANNEL = 1L << 10;
    static final long SEND_MESSAGES = 1L << 11;
    static final long MANAGE_MESSAGES = 1L << 13;
    static final long ATTACH_FILES = 1L << 15;
    static final long READ_MESSAGE_HISTORY = 1L << 16;
    static final long MANAGE_THREADS = 1L << 34;
    static final long CREATE_PUBLIC_THREADS = 1L << 35;
    static final long SEND_MESSAGES_IN_THREADS = 1L << 38;
    static final long ALL_NEEDED = VIEW_CHANNEL | SEND_MESSAGES | MANAGE_MESSAGES | ATTACH_FILES | READ_MESSAGE_HISTORY
            | MANAGE_THREADS | CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS;

    private DiscordFixture discord;
    private String token;
    private final List<Throwable> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        discord = DiscordFixture.start(DiscordFixture.quiet());
        token = discord.token();
    }

    @AfterEach
    void noMessageEverShowsTheToken() {
        for (Throwable t : seen) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                assertThat(String.valueOf(c.getMessage())).doesNotContain(token);
                assertThat(c.toString()).doesNotContain(token);
            }
        }
        discord.close();
    }

    private <T extends Throwable> T failure(ThrowingCall call, Class<T> type) {
        T thrown = catchThrowableOfType(type, call::run);
        assertThat(thrown).as("expected " + type.getSimpleName()).isNotNull();
        seen.add(thrown);
        return thrown;
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aWrongTokenIsUnauthorizedAndNothingMoreIsSent() throws Exception {
        try (DiscordRemote remote = DiscordRemote.connect(discord.settings().token(discord.token() + "x").build())) {
            RemoteException first = failure(remote::limits, RemoteException.Unauthorized.class);
            assertThat(first).hasMessage("Discord rejected the bot token (401)");

            failure(() -> remote.post(remote.areaId(Area.INDEX), "hello", List.of()), RemoteException.Unauthorized.class);
            failure(remote::listContainers, RemoteException.Unauthorized.class);
        }
        assertThat(discord.requests()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void aTokenRevokedMidSessionStopsTheClientAfterOneRefusal() throws Exception {
        try (DiscordRemote remote = discord.remote()) {
            String index = remote.areaId(Area.INDEX);
            remote.post(index, "before", List.of());
            discord.emulator.admin().revokeToken();
            discord.emulator.admin().clearRequests();

            for (int i = 0; i < 5; i++) {
                failure(() -> remote.post(index, "after", List.of()), RemoteException.Unauthorized.class);
            }
        }
        assertThat(discord.requests()).hasSize(1);
    }

    @Test
    void missingAttachFilesIsForbiddenNamingThePermissionAndChannel() throws Exception {
        try (DiscordRemote remote = discord.remote()) {
            String container = remote.createContainer("no files allowed");
            discord.emulator.admin().setChannelPermissions(discord.storage(), ALL_NEEDED & ~ATTACH_FILES);

            RemoteException e = failure(() -> remote.post(container, "chunk",
                    List.of(new BlobUpload("c.bin", new byte[10]))), RemoteException.Forbidden.class);

            assertThat(e.getMessage()).contains("ATTACH_FILES").contains(container).contains("50013")
                    .doesNotContain("\n");
            assertThat(remote.post(container, "text still goes", List.of()).text()).isEqualTo("text still goes");
        }
    }

    @Test
    void missingCreatePublicThreadsIsForbiddenNamingIt() throws Exception {
        discord.emulator.admin().setChannelPermissions(discord.storage(), ALL_NEEDED & ~CREATE_PUBLIC_THREADS);
        try (DiscordRemote remote = discord.remote()) {
            RemoteException e = failure(() -> remote.createContainer("batch"), RemoteException.Forbidden.class);

            assertThat(e.getMessage()).contains("CREATE_PUBLIC_THREADS").contains(discord.storage());
        }
    }

    @Test
    void aChannelTheBotCannotSeeIsForbiddenAsMissingAccess() throws Exception {
        String backup = discord.emulator.channelId("backup");
        discord.emulator.admin().setChannelPermissions(backup, 0L);
        try (DiscordRemote remote = discord.remote()) {
            RemoteException e = failure(() -> remote.listPosts(backup, null, 10), RemoteException.Forbidden.class);

            assertThat(e.getMessage()).contains("no access to channel " + backup).contains("VIEW_CHANNEL");
        }
    }

    @Test
    void repeatedForbiddenAnswersStopTheClientBeforeItNearsTheBan() throws Exception {
        String backup = discord.emulator.channelId("backup");
        discord.emulator.admin().setChannelPermissions(backup, 0L);
        DiscordSettings settings = discord.settings().rate(new RateSettings(50, 3, 1000)).build();
        try (DiscordRemote remote = DiscordRemote.connect(settings)) {
            for (int i = 0; i < 3; i++) {
                failure(() -> remote.listPosts(backup, null, 10), RemoteException.Forbidden.class);
            }
            RemoteException stopped = failure(() -> remote.listPosts(remote.areaId(Area.INDEX), null, 10),
                    RemoteException.Forbidden.class);
            assertThat(stopped).hasMessageContaining("3 requests in a row");
        }
        assertThat(discord.requests()).hasSize(3);
    }

    @Test
    void notFoundAnswersAreNotRetriedAndDoNotStopTheClient() throws Exception {
        try (DiscordRestClient client = discord.client()) {
            String index = discord.emulator.channelId("index");
            for (int i = 0; i < 12; i++) {
                failure(() -> client.message(index, "1234567890"), RemoteException.NotFound.class);
            }
            assertThat(client.currentUser().bot()).isTrue();
        }
        assertThat(discord.count(404)).isEqualTo(12);
    }

    @Test
    void theRemoteRefusesToDeleteAChannelThatIsNotOneOfItsThreads() throws Exception {
        try (DiscordRemote remote = discord.remote()) {
            assertThatThrownBy(() -> remote.deleteContainer(discord.storage())).isInstanceOf(RemoteException.Rejected.class);
        }
        try (DiscordRestClient client = discord.client()) {
            assertThat(client.channel(discord.storage()).id()).isEqualTo(discord.storage());
            String foreign = client.createPublicThread(discord.emulator.channelId("index"), "not ours", 60).id();
            try (DiscordRemote remote = discord.remote()) {
                RemoteException e = failure(() -> remote.deleteContainer(foreign), RemoteException.Rejected.class);
                assertThat(e).hasMessageContaining("not a batch container");
            }
            assertThat(client.channel(foreign).id()).isEqualTo(foreign);
        }
    }
}
