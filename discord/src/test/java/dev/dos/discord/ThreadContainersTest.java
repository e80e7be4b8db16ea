package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.RemoteException;
import dev.dos.discord.api.Channel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How containers map to threads of the storage channel, and what the 1,000 active threads cap means. */
class ThreadContainersTest {

    @Test
    void aContainerIsAPublicThreadOfTheStorageChannelThatSealingArchives() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(DiscordFixture.quiet());
             DiscordRemote remote = discord.remote();
             DiscordRestClient client = discord.client()) {
            String id = remote.createContainer("batch-0001");

            Channel thread = client.channel(id);
            assertThat(thread.type()).isEqualTo(Channel.PUBLIC_THREAD);
            assertThat(thread.parentId()).isEqualTo(discord.storage());
            assertThat(thread.threadMetadata().autoArchiveDuration()).isEqualTo(10080);
            assertThat(thread.archived()).isFalse();

            remote.sealContainer(id);

            assertThat(client.channel(id).archived()).isTrue();
        }
    }

    @Test
    void editsAndPinsInASealedContainerOpenItForTheCallAndSealItAgain() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(DiscordFixture.quiet());
             DiscordRemote remote = discord.remote();
             DiscordRestClient client = discord.client()) {
            String id = remote.createContainer("sealed batch");
            String post = remote.post(id, "before", List.of()).id();
            remote.sealContainer(id);

            assertThat(remote.editText(id, post, "after").text()).isEqualTo("after");
            assertThat(client.channel(id).archived()).isTrue();

            remote.pin(id, post);
            assertThat(remote.pinnedPosts(id)).extracting(p -> p.id()).containsExactly(post);
            assertThat(client.channel(id).archived()).isTrue();

            remote.unpin(id, post);
            assertThat(remote.pinnedPosts(id)).isEmpty();
            assertThat(client.channel(id).archived()).isTrue();
        }
    }

    @Test
    void whenTheGuildHasTooManyActiveThreadsCreatingSaysSoAndSealingMakesRoom() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(DiscordFixture.quiet().maxActiveThreads(3));
             DiscordRemote remote = discord.remote()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(remote.createContainer("batch-" + i));
            }

            assertThatThrownBy(() -> remote.createContainer("one too many"))
                    .isInstanceOf(ActiveThreadLimitException.class)
                    .isInstanceOf(RemoteException.Rejected.class)
                    .hasMessageContaining("active threads");

            remote.sealContainer(ids.getFirst());
            assertThat(remote.createContainer("room again")).isNotBlank();
        }
    }

    @Test
    void aLockedSealedContainerRefusesPostsClearly() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(DiscordFixture.quiet());
             DiscordRemote remote = discord.remote()) {
            String id = remote.createContainer("locked batch");
            discord.emulator.admin().lockThread(id);
            discord.emulator.admin().archiveThread(id);
            discord.emulator.admin().setChannelPermissions(discord.storage(),
                    AuthAndPermissionsTest.ALL_NEEDED & ~AuthAndPermissionsTest.MANAGE_THREADS);

            assertThatThrownBy(() -> remote.post(id, "let me in", List.of()))
                    .isInstanceOf(RemoteException.class)
                    .hasMessageContaining(id)
                    .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("locked", "archived"));
        }
    }

    @Test
    void listingFindsOpenAndSealedContainersAcrossArchivePagesButNotOtherThreads() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(DiscordFixture.quiet());
             DiscordRemote remote = discord.remote();
             DiscordRestClient client = discord.client()) {
            List<ContainerInfo> expected = new ArrayList<>();
            for (int i = 0; i < 130; i++) {
                String id = remote.createContainer("sealed-" + i);
                remote.sealContainer(id);
                expected.add(new ContainerInfo(id, "sealed-" + i, true));
            }
            String open = remote.createContainer("open");
            expected.add(new ContainerInfo(open, "open", false));
            client.createPublicThread(discord.emulator.channelId("index"), "someone else's thread", 60);

            assertThat(remote.listContainers()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
