package dev.dos.emulator.model;

/**
 * A guild channel or thread. Threads have {@code thread != null} and their parent in
 * {@code parentId}; for other channels {@code parentId} is the category, if any.
 *
 * @param ownerId                    thread creator, null for other channels
 * @param defaultAutoArchiveDuration pre-selected auto-archive duration of threads created in this channel
 */
public record Channel(
        long id,
        int type,
        long guildId,
        String name,
        int position,
        String topic,
        Long parentId,
        Long ownerId,
        Long lastMessageId,
        int messageCount,
        int totalMessageSent,
        int rateLimitPerUser,
        int defaultAutoArchiveDuration,
        Long lastPinTimestampMillis,
        ThreadState thread) {

    public boolean isThread() {
        return thread != null;
    }

    /** This channel as seen at {@code nowMillis} (threads may have auto-archived meanwhile). */
    public Channel asOf(long nowMillis) {
        if (thread == null) {
            return this;
        }
        ThreadState seen = thread.asOf(nowMillis);
        return seen == thread ? this : withThread(seen);
    }

    public Channel withThread(ThreadState newThread) {
        return new Channel(id, type, guildId, name, position, topic, parentId, ownerId, lastMessageId, messageCount,
                totalMessageSent, rateLimitPerUser, defaultAutoArchiveDuration, lastPinTimestampMillis, newThread);
    }

    public Channel withSettings(String newName, String newTopic, int newPosition, Long newParentId,
                                int newRateLimitPerUser, int newDefaultAutoArchiveDuration) {
        return new Channel(id, type, guildId, newName, newPosition, newTopic, newParentId, ownerId, lastMessageId,
                messageCount, totalMessageSent, newRateLimitPerUser, newDefaultAutoArchiveDuration,
                lastPinTimestampMillis, thread);
    }

    public Channel withMessageAdded(long messageId) {
        return new Channel(id, type, guildId, name, position, topic, parentId, ownerId, messageId, messageCount + 1,
                totalMessageSent + 1, rateLimitPerUser, defaultAutoArchiveDuration, lastPinTimestampMillis, thread);
    }

    /** A message was deleted: {@code message_count} drops, {@code total_message_sent} does not. */
    public Channel withMessageRemoved() {
        return new Channel(id, type, guildId, name, position, topic, parentId, ownerId, lastMessageId,
                Math.max(0, messageCount - 1), totalMessageSent, rateLimitPerUser, defaultAutoArchiveDuration,
                lastPinTimestampMillis, thread);
    }

    public Channel withLastPinTimestamp(Long millis) {
        return new Channel(id, type, guildId, name, position, topic, parentId, ownerId, lastMessageId, messageCount,
                totalMessageSent, rateLimitPerUser, defaultAutoArchiveDuration, millis, thread);
    }
}
