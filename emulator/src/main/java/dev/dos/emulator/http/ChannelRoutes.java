package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.ChannelType;
import dev.dos.emulator.model.Permission;
import dev.dos.emulator.model.ThreadState;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET/PATCH/DELETE /channels/{channel.id}}, for channels and threads. Thread edits follow
 * docs/topics/threads: archiving, unarchiving (which re-counts against the active-thread cap),
 * locking (MANAGE_THREADS only), and no edits to an archived thread unless it is unarchived.
 */
final class ChannelRoutes {
    private static final long MAX_JSON = 1024 * 1024;

    private final ApiServices s;

    private ChannelRoutes(ApiServices s) {
        this.s = s;
    }

    static List<ApiRoute> all(ApiServices s) {
        ChannelRoutes r = new ChannelRoutes(s);
        return List.of(
                ApiRoute.bot(HandlerType.GET, "/channels/{channel.id}", r::get),
                ApiRoute.bot(HandlerType.PATCH, "/channels/{channel.id}", r::modify),
                ApiRoute.bot(HandlerType.DELETE, "/channels/{channel.id}", r::delete));
    }

    private void get(ApiCall call) {
        Channel channel = s.channel(call);
        s.access.requireView(channel);
        call.json(200, s.entities.channel(channel));
    }

    private void modify(ApiCall call) throws IOException {
        Channel channel = s.channel(call);
        s.access.requireView(channel);
        ObjectNode json = call.jsonBody(MAX_JSON);
        Channel updated = channel.isThread() ? modifyThread(channel, json) : modifyChannel(channel, json);
        call.json(200, s.entities.channel(updated));
    }

    private Channel modifyChannel(Channel c, ObjectNode json) {
        s.access.require(c, Permission.MANAGE_CHANNELS);
        FormErrors errors = new FormErrors();
        String name = ChannelFields.name(json, false, c.type(), errors);
        String topic = ChannelFields.topic(json, c.topic(), errors);
        int position = ChannelFields.intInRange(json, "position", 0, Integer.MAX_VALUE, c.position(), errors);
        int rateLimit = ChannelFields.intInRange(json, "rate_limit_per_user", 0, 21600, c.rateLimitPerUser(), errors);
        int archive = ChannelFields.autoArchiveDuration(json, "default_auto_archive_duration",
                c.defaultAutoArchiveDuration(), errors);
        errors.throwIfAny();
        return s.store.transaction(() -> {
            Channel current = s.store.channel(c.id()).orElseThrow(ApiErrors::unknownChannel);
            Channel next = current.withSettings(name != null ? name : current.name(), topic, position,
                    current.parentId(), rateLimit, archive);
            s.store.putChannel(next);
            return next;
        });
    }

    private Channel modifyThread(Channel c, ObjectNode json) {
        FormErrors errors = new FormErrors();
        String name = ChannelFields.name(json, false, c.type(), errors);
        Boolean archived = ChannelFields.bool(json, "archived", null, errors);
        Boolean locked = ChannelFields.bool(json, "locked", null, errors);
        Boolean invitable = ChannelFields.bool(json, "invitable", null, errors);
        int duration = ChannelFields.autoArchiveDuration(json, "auto_archive_duration", 0, errors);
        int rateLimit = ChannelFields.intInRange(json, "rate_limit_per_user", 0, 21600, c.rateLimitPerUser(), errors);
        errors.throwIfAny();
        boolean manage = s.access.has(c, Permission.MANAGE_THREADS);
        boolean creator = c.ownerId() != null && c.ownerId() == s.store.identity().botUserId();
        if ((locked != null || json.has("rate_limit_per_user")) && !manage) {
            throw ApiErrors.missingPermissions();
        }
        if ((name != null || archived != null || duration != 0) && !manage && !creator) {
            throw ApiErrors.missingPermissions();
        }
        return s.store.transaction(() -> {
            Channel current = s.store.channel(c.id()).orElseThrow(ApiErrors::unknownChannel);
            ThreadState t = current.thread();
            long now = s.store.nowMillis();
            if (t.archived() && !Boolean.FALSE.equals(archived)) {
                throw ApiErrors.threadArchived();
            }
            if (t.locked() && !manage && !(creator && Boolean.FALSE.equals(archived) && name == null)) {
                throw ApiErrors.threadLocked();
            }
            if (t.archived()) {
                requireRoomForActiveThread(s);
                t = t.unarchivedAt(now);
            }
            if (duration != 0 && duration != t.autoArchiveDuration()) {
                t = t.withAutoArchiveDuration(duration, now);
            }
            if (locked != null) {
                t = t.withLocked(locked);
            }
            if (invitable != null && current.type() == ChannelType.PRIVATE_THREAD) {
                t = t.withInvitable(invitable);
            }
            if (Boolean.TRUE.equals(archived)) {
                t = t.archivedAt(now);
            }
            Channel next = current.withSettings(name != null ? name : current.name(), current.topic(),
                    current.position(), current.parentId(), rateLimit, current.defaultAutoArchiveDuration())
                    .withThread(t);
            s.store.putChannel(next);
            return next;
        });
    }

    /** 160006 when the guild already has as many active threads as allowed. Call under the state lock. */
    static void requireRoomForActiveThread(ApiServices s) {
        long active = s.store.channels().stream().filter(ch -> ch.isThread() && !ch.thread().archived()).count();
        if (active >= s.settings.maxActiveThreads()) {
            throw ApiErrors.maxActiveThreads();
        }
    }

    /** Deleting answers 200 with the deleted channel (docs/resources/channel: Delete/Close Channel). */
    private void delete(ApiCall call) {
        Channel channel = s.channel(call);
        s.access.require(channel, channel.isThread() ? Permission.MANAGE_THREADS : Permission.MANAGE_CHANNELS);
        Channel deleted = s.store.removeChannel(channel.id()).orElseThrow(ApiErrors::unknownChannel);
        call.json(200, s.entities.channel(deleted));
    }
}
