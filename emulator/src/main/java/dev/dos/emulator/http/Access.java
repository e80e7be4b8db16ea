package dev.dos.emulator.http;

import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.Overwrite;
import dev.dos.emulator.model.Permission;
import dev.dos.emulator.store.StateStore;

/**
 * The bot's permissions and Discord's two refusals: 50001 Missing Access when the bot cannot
 * see the channel at all, 50013 Missing Permissions when it sees it but may not act.
 *
 * <p>Effective permissions of a channel: its own allow-set if one was set (an admin shortcut), else
 * (for a thread) its parent's, else the guild-wide set (stored on the guild id; everything until
 * set) with the channel's permission overwrites applied as Discord applies them: the
 * {@code @everyone} overwrite first, then the bot member's (the bot has no other roles here).
 * Threads take their parent's overwrites.
 */
final class Access {
    private final StateStore store;

    Access(StateStore store) {
        this.store = store;
    }

    long of(Channel channel) {
        return store.permissionOverride(channel.id())
                .or(() -> channel.isThread() && channel.parentId() != null
                        ? store.permissionOverride(channel.parentId()) : java.util.Optional.empty())
                .orElseGet(() -> withOverwrites(channel.isThread() && channel.parentId() != null
                        ? channel.parentId() : channel.id(), guildWide()));
    }

    private long withOverwrites(long channelId, long permissions) {
        if (Permission.has(permissions, Permission.ADMINISTRATOR)) {
            return permissions; // administrators pass every overwrite, as on Discord
        }
        long bot = store.identity().botUserId();
        long everyone = store.guild().id();
        for (Overwrite o : store.overwrites(channelId)) {
            if (o.type() == Overwrite.ROLE && o.id() == everyone) {
                permissions = o.apply(permissions);
            }
        }
        for (Overwrite o : store.overwrites(channelId)) {
            if (o.type() == Overwrite.MEMBER && o.id() == bot) {
                permissions = o.apply(permissions);
            }
        }
        return permissions;
    }

    long guildWide() {
        return store.permissionOverride(store.guild().id()).orElse(Permission.ALL);
    }

    boolean has(Channel channel, long bits) {
        return Permission.has(of(channel), bits);
    }

    void requireView(Channel channel) {
        if (!has(channel, Permission.VIEW_CHANNEL)) {
            throw ApiErrors.missingAccess();
        }
    }

    /** VIEW_CHANNEL (else 50001), then {@code bits} (else 50013). */
    void require(Channel channel, long bits) {
        requireView(channel);
        if (!has(channel, bits)) {
            throw ApiErrors.missingPermissions();
        }
    }

    void requireGuild(long bits) {
        if (!Permission.has(guildWide(), bits)) {
            throw ApiErrors.missingPermissions();
        }
    }
}
