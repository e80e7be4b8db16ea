package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.RemoteException;
import dev.dos.discord.api.Channel;
import dev.dos.discord.api.PartialGuild;
import dev.dos.discord.api.PermissionOverwrite;
import dev.dos.emulator.model.Permission;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The calls {@code dos setup} makes before a guild and channels are chosen: a client with only a token. */
class SetupCallsTest {
    private DiscordFixture discord;
    private DiscordRestClient client;

    @BeforeEach
    void start() throws Exception {
        discord = DiscordFixture.start(DiscordFixture.quiet());
        client = new DiscordRestClient(URI.create(discord.emulator.baseUrl()), discord.token(),
                DiscordFixture.FAST_RETRY);
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
    void createsAPrivateTextChannelOnlyWithManageChannels() throws Exception {
        String guild = discord.emulator.guildId();
        String bot = client.currentUser().id();
        // The invite's permissions, not an administrator: the overwrites then decide who sees what.
        long invited = Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES | Permission.ATTACH_FILES
                | Permission.READ_MESSAGE_HISTORY | Permission.MANAGE_CHANNELS;
        discord.emulator.admin().setChannelPermissions(guild, invited);

        Channel created = client.createPrivateTextChannel(guild, "dos-storage", bot,
                invited & ~Permission.MANAGE_CHANNELS);

        assertThat(created.type()).isZero();
        assertThat(created.name()).isEqualTo("dos-storage");
        assertThat(created.permissionOverwrites()).containsExactlyInAnyOrder(
                new PermissionOverwrite(guild, PermissionOverwrite.ROLE, "0", Long.toString(Permission.VIEW_CHANNEL)),
                new PermissionOverwrite(bot, PermissionOverwrite.MEMBER,
                        Long.toString(invited & ~Permission.MANAGE_CHANNELS), "0"));
        assertThat(client.channel(created.id()).permissionOverwrites()).hasSize(2);
        // @everyone is denied the channel, the bot's own overwrite lets it in.
        assertThat(client.createMessage(created.id(), "still ours", List.of()).id()).isNotBlank();

        discord.emulator.admin().setChannelPermissions(guild, invited & ~Permission.MANAGE_CHANNELS);
        assertThatThrownBy(() -> client.createPrivateTextChannel(guild, "dos-index", bot, Permission.VIEW_CHANNEL))
                .isInstanceOf(RemoteException.Forbidden.class).hasMessageContaining("MANAGE_CHANNELS");
    }

    @Test
    void aBotCannotAllowAPermissionItLacksInANewChannel() throws Exception {
        String guild = discord.emulator.guildId();
        discord.emulator.admin().setChannelPermissions(guild, Permission.VIEW_CHANNEL | Permission.MANAGE_CHANNELS);

        assertThatThrownBy(() -> client.createPrivateTextChannel(guild, "dos-x", client.currentUser().id(),
                Permission.MANAGE_WEBHOOKS)).isInstanceOf(RemoteException.Forbidden.class);
    }

    @Test
    void aWrongTokenIsUnauthorizedAndAMalformedOneIsRefusedWithoutBeingShown() {
        try (DiscordRestClient wrong = new DiscordRestClient(URI.create(discord.emulator.baseUrl()), "not-it",
                DiscordFixture.FAST_RETRY)) {
            assertThatThrownBy(wrong::currentUser).isInstanceOf(RemoteException.Unauthorized.class)
                    .message().doesNotContain("not-it");
        }
        assertThatThrownBy(() -> new DiscordRestClient(URI.create(discord.emulator.baseUrl()), "Bot secret token",
                DiscordFixture.FAST_RETRY))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret");
        assertThatThrownBy(() -> new DiscordRestClient(URI.create(discord.emulator.baseUrl() + "/"), discord.token(),
                DiscordFixture.FAST_RETRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not end with '/'");
    }
}
