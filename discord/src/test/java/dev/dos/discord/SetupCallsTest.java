package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.RemoteException;
import dev.dos.discord.api.Channel;
import dev.dos.discord.api.PartialGuild;
import dev.dos.emulator.model.Permission;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The calls {@code dos setup} makes before a guild and channels are chosen: a client with only a token. */
class SetupCallsTest {
    private EmulatorFixture discord;
    private DiscordRestClient client;

    @BeforeEach
    void start() throws Exception {
        discord = EmulatorFixture.start(EmulatorFixture.quiet());
        client = new DiscordRestClient(URI.create(discord.emulator.baseUrl()), discord.token(),
                EmulatorFixture.FAST_RETRY);
    }

    @AfterEach
    void stop() {
        client.close();
        discord.close();
    }

    @Test
    void aTokenOnlyClientListsTheBotsGuildsAndTheirChannels() throws Exception {
        assertThat(client.currentUser().bot()).isTrue();
        List<PartialGuild> guilds = client.currentUserGuilds();
        assertThat(guilds).singleElement().satisfies(g -> {
            assertThat(g.id()).isEqualTo(discord.emulator.guildId());
            assertThat(Long.parseLong(g.permissions())).isEqualTo(Permission.ALL);
        });
        assertThat(client.guildChannels(discord.emulator.guildId())).extracting(Channel::name)
                .containsExactlyInAnyOrder("storage", "index", "backup");
    }

    @Test
    void createsATextChannelOnlyWithManageChannels() throws Exception {
        Channel created = client.createTextChannel(discord.emulator.guildId(), "dos-storage");
        assertThat(created.type()).isZero();
        assertThat(created.name()).isEqualTo("dos-storage");
        assertThat(client.guildChannels(discord.emulator.guildId())).extracting(Channel::id).contains(created.id());

        discord.emulator.admin().setChannelPermissions(discord.emulator.guildId(),
                Permission.ALL & ~Permission.MANAGE_CHANNELS);
        assertThatThrownBy(() -> client.createTextChannel(discord.emulator.guildId(), "dos-index"))
                .isInstanceOf(RemoteException.Forbidden.class).hasMessageContaining("MANAGE_CHANNELS");
    }

    @Test
    void aWrongTokenIsUnauthorizedAndAMalformedOneIsRefusedWithoutBeingShown() {
        try (DiscordRestClient wrong = new DiscordRestClient(URI.create(discord.emulator.baseUrl()), "not-it",
                EmulatorFixture.FAST_RETRY)) {
            assertThatThrownBy(wrong::currentUser).isInstanceOf(RemoteException.Unauthorized.class)
                    .message().doesNotContain("not-it");
        }
        assertThatThrownBy(() -> new DiscordRestClient(URI.create(discord.emulator.baseUrl()), "Bot secret token",
                EmulatorFixture.FAST_RETRY))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret");
        assertThatThrownBy(() -> new DiscordRestClient(URI.create(discord.emulator.baseUrl() + "/"), discord.token(),
                EmulatorFixture.FAST_RETRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not end with '/'");
    }
}
