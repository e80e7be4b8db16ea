package dev.dos.emulator.model;

/**
 * A channel permission overwrite (Discord's {@code permission_overwrites} entry): bits denied and
 * allowed in one channel for a role ({@code type} 0; the guild id is {@code @everyone}) or a member
 * ({@code type} 1, a user id).
 */
public record Overwrite(long id, int type, long allow, long deny) {
    public static final int ROLE = 0;
    public static final int MEMBER = 1;

    /** {@code permissions} after this overwrite: denied bits off, then allowed bits on. */
    public long apply(long permissions) {
        return (permissions & ~deny) | allow;
    }
}
