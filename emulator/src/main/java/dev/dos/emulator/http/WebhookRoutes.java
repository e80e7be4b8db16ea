package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.model.Author;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.Message;
import dev.dos.emulator.model.Permission;
import dev.dos.emulator.model.Webhook;
import dev.dos.emulator.ratelimit.RouteKind;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Creating webhooks (MANAGE_WEBHOOKS) and executing them: no bot token needed, the URL is the
 * secret; {@code wait=true} returns the message, {@code thread_id} posts into a thread of the
 * webhook's channel. Webhook uploads get the default per-file limit whatever the boost tier.
 */
final class WebhookRoutes {
    private static final long MAX_JSON = 1024 * 1024;
    private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiServices s;

    private WebhookRoutes(ApiServices s) {
        this.s = s;
    }

    static List<ApiRoute> all(ApiServices s) {
        WebhookRoutes r = new WebhookRoutes(s);
        return List.of(
                ApiRoute.bot(HandlerType.POST, "/channels/{channel.id}/webhooks", r::create),
                ApiRoute.bot(HandlerType.GET, "/channels/{channel.id}/webhooks", r::list),
                new ApiRoute(HandlerType.POST, "/webhooks/{webhook.id}/{webhook.token}", ApiRoute.Auth.NONE,
                        RouteKind.WEBHOOK_EXECUTE, r::execute));
    }

    private void create(ApiCall call) throws IOException {
        Channel channel = s.channel(call);
        s.access.require(channel, Permission.MANAGE_WEBHOOKS);
        if (channel.isThread()) {
            throw ApiErrors.invalidChannelType();
        }
        ObjectNode json = call.jsonBody(MAX_JSON);
        String name = json.hasNonNull("name") ? json.get("name").asText() : null;
        if (name == null) {
            throw ApiErrors.required("name");
        }
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > 80) {
            throw ApiErrors.lengthBetween("name", 1, 80);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("clyde") || lower.contains("discord")) {
            throw ApiErrors.form("name", "USERNAME_INVALID_CONTAINS", "Username cannot contain \""
                    + (lower.contains("clyde") ? "clyde" : "discord") + "\"");
        }
        Webhook webhook = new Webhook(s.store.ids().next(), channel.id(), channel.guildId(), name, newToken());
        s.store.putWebhook(webhook);
        call.json(200, s.entities.webhook(webhook));
    }

    private void list(ApiCall call) {
        Channel channel = s.channel(call);
        s.access.require(channel, Permission.MANAGE_WEBHOOKS);
        ArrayNode out = Json.array();
        s.store.webhooks(channel.id()).forEach(w -> out.add(s.entities.webhook(w)));
        call.json(200, out);
    }

    private void execute(ApiCall call) throws IOException {
        long webhookId = call.snowflakeParam("webhook.id");
        Webhook webhook = s.store.webhook(webhookId).orElseThrow(ApiErrors::unknownWebhook);
        if (!MessageDigest.isEqual(webhook.token().getBytes(StandardCharsets.UTF_8),
                call.pathParam("webhook.token").getBytes(StandardCharsets.UTF_8))) {
            throw ApiErrors.invalidWebhookToken();
        }
        boolean wait = call.queryBoolean("wait").orElse(false);
        long target = call.querySnowflake("thread_id").map(threadId -> {
            Channel thread = s.store.channel(threadId).orElseThrow(ApiErrors::unknownChannel);
            if (!thread.isThread() || !Long.valueOf(webhook.channelId()).equals(thread.parentId())) {
                throw ApiErrors.unknownChannel();
            }
            return threadId;
        }).orElse(webhook.channelId());
        long fileLimit = s.settings.webhookFileLimit();
        try (MessagePayload payload = s.payloads.read(call, fileLimit, s.settings.requestLimit(fileLimit))) {
            MessageInput input = MessageInputParser.parse(payload.json(), payload.files().size(), true);
            Author author = new Author(webhook.id(), input.username() != null ? input.username() : webhook.name(),
                    webhook.id());
            Message message = s.writer.post(target, author, input, payload.files(), false);
            if (wait) {
                call.json(200, s.messages.created(message));
            } else {
                call.noContent();
            }
        }
    }

    /** 68 URL-safe characters, the length of Discord's webhook tokens. */
    private static String newToken() {
        StringBuilder sb = new StringBuilder(68);
        for (int i = 0; i < 68; i++) {
            sb.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return sb.toString();
    }
}
