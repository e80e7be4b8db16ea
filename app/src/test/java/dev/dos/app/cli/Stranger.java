package dev.dos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.testkit.Multipart;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Someone else who can post in the store's channels (here through a webhook, as a server member
 * with MANAGE_WEBHOOKS, or anyone holding a webhook URL, could): their messages look like ours
 * but are not by our bot.
 */
final class Stranger {
    private final DiscordEmulator emulator;
    private final RawDiscord raw;
    private final Map<String, String> webhooks = new LinkedHashMap<>();

    Stranger(DiscordEmulator emulator) {
        this.emulator = emulator;
        this.raw = RawDiscord.of(emulator);
    }

    /** The messages of a channel or thread, oldest first. */
    List<JsonNode> messages(String channelId) {
        List<JsonNode> out = new ArrayList<>();
        raw.get("/channels/" + channelId + "/messages?limit=100").json().forEach(out::add);
        return out.reversed();
    }

    /** The bytes of one attachment, through its CDN link. */
    static byte[] download(JsonNode attachment) {
        return RawDiscord.fetch(attachment.path("url").asText()).body();
    }

    /** Posts {@code content} with {@code files} (name to bytes) into a channel, or a thread of {@code parentId}. */
    JsonNode post(String parentId, String threadId, String content, Map<String, byte[]> files) {
        String hook = webhooks.computeIfAbsent(parentId, id -> {
            JsonNode made = raw.post("/channels/" + id + "/webhooks", "{\"name\":\"helpful member\"}").json();
            return made.path("id").asText() + "/" + made.path("token").asText();
        });
        Multipart form = new Multipart();
        StringBuilder attachments = new StringBuilder("[");
        int n = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            form.file(n, file.getKey(), "application/octet-stream", file.getValue());
            attachments.append(n == 0 ? "" : ",").append("{\"id\":\"").append(n).append("\",\"filename\":")
                    .append(RawDiscord.quote(file.getKey())).append('}');
            n++;
        }
        form.payloadJson("{\"content\":" + RawDiscord.quote(content) + ",\"attachments\":" + attachments + "]}");
        Reply answer = raw.post("/webhooks/" + hook + "?wait=true"
                + (threadId == null ? "" : "&thread_id=" + threadId), form);
        if (answer.status() != 200) {
            throw new AssertionError("the stranger could not post: " + answer);
        }
        return answer.json();
    }

    String channel(String name) {
        return emulator.channelId(name);
    }
}
