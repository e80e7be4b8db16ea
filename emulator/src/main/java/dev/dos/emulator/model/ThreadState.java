package dev.dos.emulator.model;

/**
 * What only a thread has. Times are epoch milliseconds.
 *
 * @param archiveTimestampMillis changed on creating, archiving and unarchiving, and on changing the
 *                               auto-archive duration (Discord's {@code archive_timestamp})
 * @param lastActivityMillis     last message, unarchive or duration change: auto-archiving counts from here
 * @param joinedAtMillis         when the bot joined the thread, or null when it is not a member
 */
public record ThreadState(
        boolean archived,
        int autoArchiveDuration,
        long archiveTimestampMillis,
        boolean locked,
        long createTimestampMillis,
        boolean invitable,
        long lastActivityMillis,
        Long joinedAtMillis) {

    /** The auto-archive durations Discord accepts, in minutes. */
    public static final int[] AUTO_ARCHIVE_DURATIONS = {60, 1440, 4320, 10080};

    public static boolean isValidDuration(int minutes) {
        for (int d : AUTO_ARCHIVE_DURATIONS) {
            if (d == minutes) {
                return true;
            }
        }
        return false;
    }

    public static ThreadState created(int autoArchiveDuration, boolean invitable, long nowMillis) {
        return new ThreadState(false, autoArchiveDuration, nowMillis, false, nowMillis, invitable, nowMillis,
                nowMillis);
    }

    /**
     * This state as seen at {@code nowMillis}: a thread idle for longer than its auto-archive
     * duration is archived, with the archive time at the moment the duration ran out. Computed on
     * read so nothing has to wake up to archive threads.
     */
    public ThreadState asOf(long nowMillis) {
        long deadline = lastActivityMillis + autoArchiveDuration * 60_000L;
        if (archived || nowMillis < deadline) {
            return this;
        }
        return new ThreadState(true, autoArchiveDuration, deadline, locked, createTimestampMillis, invitable,
                lastActivityMillis, joinedAtMillis);
    }

    public ThreadState archivedAt(long nowMillis) {
        return new ThreadState(true, autoArchiveDuration, nowMillis, locked, createTimestampMillis, invitable,
                lastActivityMillis, joinedAtMillis);
    }

    public ThreadState unarchivedAt(long nowMillis) {
        return new ThreadState(false, autoArchiveDuration, nowMillis, locked, createTimestampMillis, invitable,
                nowMillis, joinedAtMillis);
    }

    public ThreadState withLocked(boolean newLocked) {
        return new ThreadState(archived, autoArchiveDuration, archiveTimestampMillis, newLocked,
                createTimestampMillis, invitable, lastActivityMillis, joinedAtMillis);
    }

    public ThreadState withInvitable(boolean newInvitable) {
        return new ThreadState(archived, autoArchiveDuration, archiveTimestampMillis, locked,
                createTimestampMillis, newInvitable, lastActivityMillis, joinedAtMillis);
    }

    public ThreadState withAutoArchiveDuration(int minutes, long nowMillis) {
        return new ThreadState(archived, minutes, nowMillis, locked, createTimestampMillis, invitable, nowMillis,
                joinedAtMillis);
    }

    /** A message was sent: the thread is active again; a message from the bot makes it a member. */
    public ThreadState withActivity(long nowMillis, boolean byBot) {
        Long joined = joinedAtMillis == null && byBot ? Long.valueOf(nowMillis) : joinedAtMillis;
        return new ThreadState(archived, autoArchiveDuration, archiveTimestampMillis, locked,
                createTimestampMillis, invitable, nowMillis, joined);
    }
}
