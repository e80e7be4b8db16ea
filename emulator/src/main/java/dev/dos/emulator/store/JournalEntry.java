package dev.dos.emulator.store;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.Guild;
import dev.dos.emulator.model.Identity;
import dev.dos.emulator.model.Message;
import dev.dos.emulator.model.Webhook;

/**
 * One line of the state journal. Entries carry whole entities (last write wins) rather than
 * deltas, so replaying is a plain put/remove and a truncated tail loses at most one change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JournalEntry.IdentitySet.class, name = "identity"),
        @JsonSubTypes.Type(value = JournalEntry.GuildSet.class, name = "guild"),
        @JsonSubTypes.Type(value = JournalEntry.ChannelPut.class, name = "channel"),
        @JsonSubTypes.Type(value = JournalEntry.ChannelRemoved.class, name = "channel_removed"),
        @JsonSubTypes.Type(value = JournalEntry.MessagePut.class, name = "message"),
        @JsonSubTypes.Type(value = JournalEntry.MessageRemoved.class, name = "message_removed"),
        @JsonSubTypes.Type(value = JournalEntry.WebhookPut.class, name = "webhook"),
        @JsonSubTypes.Type(value = JournalEntry.WebhookRemoved.class, name = "webhook_removed"),
        @JsonSubTypes.Type(value = JournalEntry.PermissionsSet.class, name = "permissions"),
        @JsonSubTypes.Type(value = JournalEntry.OverwritesSet.class, name = "overwrites"),
})
public sealed interface JournalEntry {

    record IdentitySet(Identity identity) implements JournalEntry {
    }

    record GuildSet(Guild guild) implements JournalEntry {
    }

    record ChannelPut(Channel channel) implements JournalEntry {
    }

    record ChannelRemoved(long channelId) implements JournalEntry {
    }

    record MessagePut(Message message) implements JournalEntry {
    }

    record MessageRemoved(long channelId, long messageId) implements JournalEntry {
    }

    record WebhookPut(Webhook webhook) implements JournalEntry {
    }

    record WebhookRemoved(long webhookId) implements JournalEntry {
    }

    /** The bot's allow-set on a channel, or on the guild id for the guild-wide default. */
    record PermissionsSet(long targetId, long allow) implements JournalEntry {
    }

    /** A channel's permission overwrites, all of them (an empty list removes them). */
    record OverwritesSet(long channelId, java.util.List<dev.dos.emulator.model.Overwrite> overwrites)
            implements JournalEntry {
    }
}
