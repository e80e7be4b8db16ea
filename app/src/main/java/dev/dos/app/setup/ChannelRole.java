package dev.dos.app.setup;

import java.util.EnumSet;
import java.util.Set;

/** The three channels a store uses, what each holds and what the bot must be allowed there. */
enum ChannelRole {
    STORAGE("storage", "one thread per batch, holding its encrypted chunks", "--storage-channel",
            EnumSet.of(BotPermission.VIEW_CHANNEL, BotPermission.CREATE_PUBLIC_THREADS,
                    BotPermission.SEND_MESSAGES_IN_THREADS, BotPermission.ATTACH_FILES,
                    BotPermission.READ_MESSAGE_HISTORY, BotPermission.MANAGE_THREADS)),
    INDEX("index", "one card per batch, with its encrypted manifest", "--index-channel",
            EnumSet.of(BotPermission.VIEW_CHANNEL, BotPermission.SEND_MESSAGES, BotPermission.ATTACH_FILES,
                    BotPermission.READ_MESSAGE_HISTORY)),
    BACKUP("backup", "encrypted backups of the local index and the published key", "--backup-channel",
            EnumSet.of(BotPermission.VIEW_CHANNEL, BotPermission.SEND_MESSAGES, BotPermission.ATTACH_FILES,
                    BotPermission.READ_MESSAGE_HISTORY, BotPermission.PIN_MESSAGES));

    private final String word;
    private final String holds;
    private final String flag;
    private final Set<BotPermission> needs;

    ChannelRole(String word, String holds, String flag, Set<BotPermission> needs) {
        this.word = word;
        this.holds = holds;
        this.flag = flag;
        this.needs = needs;
    }

    /** "storage". */
    String word() {
        return word;
    }

    String holds() {
        return holds;
    }

    /** The command-line option that names this channel. */
    String flag() {
        return flag;
    }

    /** The name setup gives a channel it creates: "dos-storage". */
    String defaultName() {
        return "dos-" + word;
    }

    Set<BotPermission> needs() {
        return EnumSet.copyOf(needs);
    }
}
