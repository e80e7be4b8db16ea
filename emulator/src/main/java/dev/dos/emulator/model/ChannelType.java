package dev.dos.emulator.model;

/** Discord channel type numbers the emulator knows. */
public final class ChannelType {
    public static final int GUILD_TEXT = 0;
    public static final int GUILD_VOICE = 2;
    public static final int GUILD_CATEGORY = 4;
    public static final int GUILD_ANNOUNCEMENT = 5;
    public static final int ANNOUNCEMENT_THREAD = 10;
    public static final int PUBLIC_THREAD = 11;
    public static final int PRIVATE_THREAD = 12;
    public static final int GUILD_FORUM = 15;

    private ChannelType() {
    }

    public static boolean isThread(int type) {
        return type == ANNOUNCEMENT_THREAD || type == PUBLIC_THREAD || type == PRIVATE_THREAD;
    }

    /** Types {@code POST /guilds/{guild.id}/channels} may create. */
    public static boolean isCreatableGuildChannel(int type) {
        return type == GUILD_TEXT || type == GUILD_VOICE || type == GUILD_CATEGORY
                || type == GUILD_ANNOUNCEMENT || type == GUILD_FORUM;
    }
}
