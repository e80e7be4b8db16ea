package dev.dos.discord.api;

/**
 * One entry of a channel's {@code permission_overwrites}: bits allowed and denied (decimal strings)
 * for a role ({@link #ROLE}; the guild id is {@code @everyone}) or a member ({@link #MEMBER}).
 */
public record PermissionOverwrite(String id, int type, String allow, String deny) {
    public static final int ROLE = 0;
    public static final int MEMBER = 1;
}
