package dev.dos.discord.api;

import java.util.List;

/**
 * A channel or thread; {@code threadMetadata} is null for channels that are not threads, and
 * {@code permissionOverwrites} empty for threads (they follow their parent's).
 */
public record Channel(String id, int type, String guildId, String parentId, String name, ThreadMetadata threadMetadata,
                      List<PermissionOverwrite> permissionOverwrites) {

    public static final int PUBLIC_THREAD = 11;
    public static final int PRIVATE_THREAD = 12;

    public Channel {
        permissionOverwrites = permissionOverwrites == null ? List.of() : List.copyOf(permissionOverwrites);
    }

    public boolean isThread() {
        return type == PUBLIC_THREAD || type == PRIVATE_THREAD || type == 10;
    }

    public boolean archived() {
        return threadMetadata != null && threadMetadata.archived();
    }
}
