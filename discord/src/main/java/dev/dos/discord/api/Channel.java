package dev.dos.discord.api;

/** A channel or thread; {@code threadMetadata} is null for channels that are not threads. */
public record Channel(String id, int type, String guildId, String parentId, String name, ThreadMetadata threadMetadata) {

    public static final int PUBLIC_THREAD = 11;
    public static final int PRIVATE_THREAD = 12;

    public boolean isThread() {
        return type == PUBLIC_THREAD || type == PRIVATE_THREAD || type == 10;
    }

    public boolean archived() {
        return threadMetadata != null && threadMetadata.archived();
    }
}
