package dev.dos.app.setup;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Discord permissions dos uses, with their bit values and the names Discord's settings show.
 *
 * <p>Not needed: MANAGE_MESSAGES, because dos only ever deletes its own messages (batch cards,
 * backup posts, setup's test messages), which Discord allows any author; and SEND_MESSAGES in the
 * storage channel itself, because batch threads are created without a starter message.
 */
public enum BotPermission {
    MANAGE_CHANNELS(4, "Manage Channels"),
    VIEW_CHANNEL(10, "View Channels"),
    SEND_MESSAGES(11, "Send Messages"),
    ATTACH_FILES(15, "Attach Files"),
    READ_MESSAGE_HISTORY(16, "Read Message History"),
    MANAGE_THREADS(34, "Manage Threads"),
    CREATE_PUBLIC_THREADS(35, "Create Public Threads"),
    SEND_MESSAGES_IN_THREADS(38, "Send Messages in Threads"),
    PIN_MESSAGES(51, "Pin Messages");

    /**
     * What the bot needs in its channels. MANAGE_THREADS: {@code dos delete} deletes a batch's
     * thread, and a thread a moderator locked can only be reopened with it. PIN_MESSAGES: the key
     * published in the backup channel is pinned (docs/FORMAT.md section 14); Discord split pinning
     * off MANAGE_MESSAGES in 2025.
     */
    public static final Set<BotPermission> REQUIRED = EnumSet.of(VIEW_CHANNEL, SEND_MESSAGES, ATTACH_FILES,
            READ_MESSAGE_HISTORY, MANAGE_THREADS, CREATE_PUBLIC_THREADS, SEND_MESSAGES_IN_THREADS, PIN_MESSAGES);

    /** 2252126231301120: the permissions integer of the invite link. */
    public static final long REQUIRED_BITS = bits(REQUIRED);

    /** The same plus MANAGE_CHANNELS, for letting {@code dos setup} create the channels. */
    public static final long REQUIRED_BITS_WITH_CHANNEL_CREATION = REQUIRED_BITS | MANAGE_CHANNELS.bit();

    private final int shift;
    private final String label;

    BotPermission(int shift, String label) {
        this.shift = shift;
        this.label = label;
    }

    public long bit() {
        return 1L << shift;
    }

    /** The name in Discord's role and channel permission settings. */
    public String label() {
        return label;
    }

    public static long bits(Collection<BotPermission> permissions) {
        long bits = 0;
        for (BotPermission p : permissions) {
            bits |= p.bit();
        }
        return bits;
    }

    /** "Attach Files, Read Message History", in a stable order. */
    public static String labels(Collection<BotPermission> permissions) {
        return EnumSet.copyOf(permissions).stream().map(BotPermission::label).collect(Collectors.joining(", "));
    }

    /** The link that adds the bot (whose application id is {@code applicationId}) to a server with {@code bits}. */
    public static String inviteUrl(String applicationId, long bits) {
        return "https://discord.com/oauth2/authorize?client_id=" + applicationId + "&scope=bot&permissions=" + bits;
    }
}
