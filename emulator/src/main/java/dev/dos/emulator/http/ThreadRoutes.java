package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.ChannelType;
import dev.dos.emulator.model.Message;
import dev.dos.emulator.model.Permission;
import dev.dos.emulator.model.ThreadState;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * Starting threads (with or without a message) and listing archived public threads
 * (docs/resources/channel). Creation answers 201 and counts against the guild's active-thread
 * cap (160006); a thread started from a message takes the message's id (160004 the second time).
 */
final class ThreadRoutes {
    private static final long MAX_JSON = 1024 * 1024;
    /** Used when neither the request nor the parent channel gives an auto-archive duration. */
    private static final int DEFAULT_AUTO_ARCHIVE = 4320;

    private final ApiServices s;

    private ThreadRoutes(ApiServices s) {
        this.s = s;
    }

    static List<ApiRoute> all(ApiServices s) {
        ThreadRoutes r = new ThreadRoutes(s);
        return List.of(
                ApiRoute.bot(HandlerType.POST, "/channels/{channel.id}/threads", r::startWithoutMessage),
                ApiRoute.bot(HandlerType.POST, "/channels/{channel.id}/messages/{message.id}/threads",
                        r::startFromMessage),
                ApiRoute.bot(HandlerType.GET, "/channels/{channel.id}/threads/archived/public", r::archivedPublic));
    }

    /** {@code type} defaults to PRIVATE_THREAD (12) in v10, as documented. */
    private void startWithoutMessage(ApiCall call) throws IOException {
        Channel parent = s.channel(call);
        s.access.requireView(parent);
        requireThreadParent(parent);
        ObjectNode json = call.jsonBody(MAX_JSON);
        FormErrors errors = new FormErrors();
        String name = ChannelFields.name(json, true, ChannelType.PUBLIC_THREAD, errors);
        int type = ChannelFields.intInRange(json, "type", 0, 20, ChannelType.PRIVATE_THREAD, errors);
        boolean announcement = parent.type() == ChannelType.GUILD_ANNOUNCEMENT;
        if (errors.isEmpty() && type != ChannelType.PUBLIC_THREAD && type != ChannelType.PRIVATE_THREAD
                && !(announcement && type == ChannelType.ANNOUNCEMENT_THREAD)) {
            errors.add("type", "BASE_TYPE_CHOICES", "Value must be one of {10, 11, 12}.");
        }
        int duration = ChannelFields.autoArchiveDuration(json, "auto_archive_duration", defaultDuration(parent),
                errors);
        boolean invitable = ChannelFields.bool(json, "invitable", true, errors);
        int rateLimit = ChannelFields.intInRange(json, "rate_limit_per_user", 0, 21600, 0, errors);
        errors.throwIfAny();
        if (type == ChannelType.PRIVATE_THREAD && announcement) {
            throw ApiErrors.invalidChannelType();
        }
        if (!s.access.has(parent, type == ChannelType.PRIVATE_THREAD ? Permission.CREATE_PRIVATE_THREADS
                : Permission.CREATE_PUBLIC_THREADS)) {
            throw ApiErrors.missingPermissions();
        }
        Channel thread = s.store.transaction(() -> create(s.store.ids().next(), type, parent, name, duration,
                invitable, rateLimit));
        call.json(201, s.entities.channel(thread));
    }

    private void startFromMessage(ApiCall call) throws IOException {
        Channel parent = s.channel(call);
        s.access.requireView(parent);
        requireThreadParent(parent);
        Message message = s.message(call, parent);
        ObjectNode json = call.jsonBody(MAX_JSON);
        FormErrors errors = new FormErrors();
        String name = ChannelFields.name(json, true, ChannelType.PUBLIC_THREAD, errors);
        int duration = ChannelFields.autoArchiveDuration(json, "auto_archive_duration", defaultDuration(parent),
                errors);
        int rateLimit = ChannelFields.intInRange(json, "rate_limit_per_user", 0, 21600, 0, errors);
        errors.throwIfAny();
        if (!s.access.has(parent, Permission.CREATE_PUBLIC_THREADS)) {
            throw ApiErrors.missingPermissions();
        }
        int type = parent.type() == ChannelType.GUILD_ANNOUNCEMENT ? ChannelType.ANNOUNCEMENT_THREAD
                : ChannelType.PUBLIC_THREAD;
        Channel thread = s.store.transaction(() -> {
            if (s.store.channel(message.id()).isPresent()) {
                throw ApiErrors.threadAlreadyCreated();
            }
            return create(message.id(), type, parent, name, duration, false, rateLimit);
        });
        call.json(201, s.entities.channel(thread));
    }

    /** Call under the state lock: checks the cap and stores the new thread, the bot its first member. */
    private Channel create(long id, int type, Channel parent, String name, int duration, boolean invitable,
                           int rateLimit) {
        ChannelRoutes.requireRoomForActiveThread(s);
        long now = s.store.nowMillis();
        Channel thread = new Channel(id, type, parent.guildId(), name, 0, null, parent.id(),
                s.store.identity().botUserId(), null, 0, 0, rateLimit, 0, null,
                ThreadState.created(duration, invitable, now));
        s.store.putChannel(thread);
        return thread;
    }

    /** Threads live in text and announcement channels only (50024 elsewhere, threads included). */
    private static void requireThreadParent(Channel parent) {
        if (parent.type() != ChannelType.GUILD_TEXT && parent.type() != ChannelType.GUILD_ANNOUNCEMENT) {
            throw ApiErrors.invalidChannelType();
        }
    }

    private static int defaultDuration(Channel parent) {
        return parent.defaultAutoArchiveDuration() > 0 ? parent.defaultAutoArchiveDuration() : DEFAULT_AUTO_ARCHIVE;
    }

    /**
     * Archived public threads of a channel, latest archived first, {@code before} an ISO8601
     * time; {@code limit} defaults to 50. Requires READ_MESSAGE_HISTORY.
     */
    private void archivedPublic(ApiCall call) {
        Channel parent = s.channel(call);
        s.access.require(parent, Permission.READ_MESSAGE_HISTORY);
        Long before = call.query("before").map(v -> Timestamps.parse("before", v)).orElse(null);
        int limit = call.queryInt("limit", 1, 100).orElse(50);
        List<Channel> archived = s.store.channels().stream()
                .filter(c -> c.isThread() && c.thread().archived() && c.type() != ChannelType.PRIVATE_THREAD
                        && Long.valueOf(parent.id()).equals(c.parentId()))
                .filter(c -> before == null || c.thread().archiveTimestampMillis() < before)
                .sorted(Comparator.comparingLong((Channel c) -> c.thread().archiveTimestampMillis()).reversed()
                        .thenComparing(Channel::id, Comparator.reverseOrder()))
                .toList();
        ObjectNode out = Json.object();
        ArrayNode threads = out.putArray("threads");
        ArrayNode members = out.putArray("members");
        archived.stream().limit(limit).forEach(c -> {
            threads.add(s.entities.channel(c));
            if (c.thread().joinedAtMillis() != null) {
                members.add(s.entities.threadMember(c));
            }
        });
        out.put("has_more", archived.size() > limit);
        call.json(200, out);
    }
}
