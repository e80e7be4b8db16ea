package dev.dos.emulator;

import dev.dos.emulator.fault.FaultInjector;
import dev.dos.emulator.http.RequestLog;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.BotTokens;
import dev.dos.emulator.store.RuntimeSettings;
import dev.dos.emulator.store.StateStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Test and sandbox controls that no Discord client has: permissions, boost tier, faults, the
 * request log, and changes made "behind the client's back". The same operations are served over
 * HTTP under {@code /_emulator/...} (see docs/EMULATOR.md). Ids are Discord's decimal strings.
 */
public final class EmulatorAdmin {
    private final StateStore store;
    private final RuntimeSettings settings;
    private final FaultInjector faults;
    private final RequestLog log;
    private final SecureRandom random = new SecureRandom();

    EmulatorAdmin(StateStore store, RuntimeSettings settings, FaultInjector faults, RequestLog log) {
        this.store = store;
        this.settings = settings;
        this.faults = faults;
        this.log = log;
    }

    /**
     * Sets the bot's permissions in a channel or thread to exactly {@code allowBits}; on the
     * guild id it sets the guild-wide default of channels that have none of their own. Threads
     * without their own inherit their parent's. Everything is allowed until this is called.
     *
     * @throws NoSuchElementException when the id is neither a channel nor the guild
     */
    public void setChannelPermissions(String channelId, long allowBits) {
        long id = parseId(channelId);
        if (id != store.guild().id() && store.channel(id).isEmpty()) {
            throw new NoSuchElementException("no channel or guild " + channelId);
        }
        store.setPermissions(id, allowBits);
    }

    /** Changes the guild's boost tier (0..3) and with it the upload limit. */
    public void setPremiumTier(int tier) {
        settings.setPremiumTier(tier);
    }

    /** Replaces the fault configuration; the random sequence restarts from its seed. */
    public void setFaults(FaultConfig config) {
        faults.reconfigure(config);
    }

    public FaultConfig faults() {
        return faults.config();
    }

    /**
     * Starts a 429 storm now: for {@code duration} every API request is answered 429 with scope
     * {@code shared}, as when Discord limits a shared resource.
     */
    public void startRateLimitStorm(Duration duration) {
        faults.startStorm(store.nowMillis() + duration.toMillis());
    }

    /** Requests answered so far (API and CDN), oldest first. */
    public List<RequestRecord> requests() {
        return log.snapshot();
    }

    public void clearRequests() {
        log.clear();
    }

    /** Deletes a message as a moderator would, without the client knowing; false if it did not exist. */
    public boolean deleteMessage(String channelId, String messageId) {
        return store.removeMessage(parseId(channelId), parseId(messageId)).isPresent();
    }

    /**
     * The file holding an attachment's bytes, for a test to damage as a storage fault would.
     *
     * @throws NoSuchElementException when there is no such attachment
     */
    public Path attachmentFile(String attachmentId) {
        long id = parseId(attachmentId);
        store.attachment(id).orElseThrow(() -> new NoSuchElementException("no attachment " + attachmentId));
        return store.files().path(id);
    }

    /** Locks a thread as a moderator would: only writers with MANAGE_THREADS may post or edit in it. */
    public void lockThread(String threadId) {
        updateThread(threadId, true);
    }

    /** Archives a thread as Discord's auto-archiving or a moderator would. */
    public void archiveThread(String threadId) {
        updateThread(threadId, false);
    }

    private void updateThread(String threadId, boolean lock) {
        long id = parseId(threadId);
        store.transaction(() -> {
            Channel thread = store.channel(id).filter(Channel::isThread)
                    .orElseThrow(() -> new NoSuchElementException("no thread " + threadId));
            store.putChannel(thread.withThread(lock ? thread.thread().withLocked(true)
                    : thread.thread().archivedAt(store.nowMillis())));
        });
    }

    /** Lifetime of CDN links signed from now on. */
    public void setLinkExpiry(Duration expiry) {
        settings.setLinkExpiry(expiry);
    }

    /**
     * Serves or withdraws {@code POST /attachments/refresh-urls} (withdrawn, it answers 404 as
     * Discord would if it removed the undocumented route).
     */
    public void setRefreshUrls(boolean served) {
        settings.setRefreshUrls(served);
    }

    /** Invalidates the bot token: every bot request is 401 until {@link #rotateToken()}. */
    public void revokeToken() {
        store.putIdentity(store.identity().withToken(""));
    }

    /** Issues a new bot token (the old one stops working) and returns it. */
    public String rotateToken() {
        String token = BotTokens.newToken(store.identity().botUserId(), random);
        store.putIdentity(store.identity().withToken(token));
        return token;
    }

    /** Deletes a channel or thread with everything in it, as a moderator would. */
    public boolean deleteChannel(String channelId) {
        return store.removeChannel(parseId(channelId)).isPresent();
    }

    static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Discord id: " + id, e);
        }
    }
}
