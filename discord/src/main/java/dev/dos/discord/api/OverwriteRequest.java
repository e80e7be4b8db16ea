package dev.dos.discord.api;

/**
 * A permission overwrite as a request sends it (Discord's {@code ChannelPermissionOverwriteRequest}:
 * bit sets as integers; answers give them as strings, {@link PermissionOverwrite}).
 */
public record OverwriteRequest(String id, int type, long allow, long deny) {
}
