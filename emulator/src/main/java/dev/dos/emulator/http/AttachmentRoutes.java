package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.cdn.LinkSigner;
import dev.dos.emulator.store.AttachmentRef;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /attachments/refresh-urls}: {@code {"attachment_urls": [...]}} (at most 50) to
 * {@code {"refreshed_urls": [{"original", "refreshed"}]}}. Links to attachments that no longer
 * exist are left out of the answer. Discord never documented the route, so it can be switched off
 * ({@code EmulatorConfig.refreshUrls(false)}, {@code EmulatorAdmin.setRefreshUrls}): it then answers
 * {@code 404: Not Found} as an unknown route does.
 */
final class AttachmentRoutes {
    private static final long MAX_JSON = 1024 * 1024;
    private static final int MAX_URLS = 50;
    private static final Pattern ATTACHMENT_PATH =
            Pattern.compile("(/media)?/attachments/(\\d{1,19})/(\\d{1,19})/([^/?#]+)");

    private final ApiServices s;
    private final LinkSigner signer;
    private final ServerAddress address;

    private AttachmentRoutes(ApiServices s, LinkSigner signer, ServerAddress address) {
        this.s = s;
        this.signer = signer;
        this.address = address;
    }

    static List<ApiRoute> all(ApiServices s, LinkSigner signer, ServerAddress address) {
        AttachmentRoutes r = new AttachmentRoutes(s, signer, address);
        return List.of(ApiRoute.bot(HandlerType.POST, "/attachments/refresh-urls", r::refresh));
    }

    private void refresh(ApiCall call) throws IOException {
        if (!s.settings.refreshUrls()) {
            throw ApiErrors.notFound(); // switched off: as if Discord had removed the undocumented route
        }
        ObjectNode json = call.jsonBody(MAX_JSON);
        JsonNode urls = json.get("attachment_urls");
        if (urls == null || urls.isNull()) {
            throw ApiErrors.required("attachment_urls");
        }
        if (!urls.isArray()) {
            throw ApiErrors.form("attachment_urls", "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType");
        }
        if (urls.size() > MAX_URLS) {
            throw ApiErrors.maxLength("attachment_urls", MAX_URLS);
        }
        ObjectNode out = Json.object();
        ArrayNode refreshed = out.putArray("refreshed_urls");
        for (JsonNode url : urls) {
            refreshedLink(url.asText()).ifPresent(link -> {
                ObjectNode pair = refreshed.addObject();
                pair.put("original", url.asText());
                pair.put("refreshed", link);
            });
        }
        call.json(200, out);
    }

    /** A freshly signed link for {@code original}, if it names an existing attachment. */
    private Optional<String> refreshedLink(String original) {
        String path;
        try {
            path = URI.create(original.strip()).getRawPath();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Matcher m = path == null ? null : ATTACHMENT_PATH.matcher(path);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        long channelId = Long.parseLong(m.group(2));
        long attachmentId = Long.parseLong(m.group(3));
        Optional<AttachmentRef> ref = s.store.attachment(attachmentId)
                .filter(r -> r.channelId() == channelId && r.attachment().filename().equals(m.group(4)));
        return ref.map(r -> address.cdnUrl() + (m.group(1) == null ? "" : MessageView.MEDIA_PREFIX)
                + signer.sign(LinkSigner.attachmentPath(channelId, attachmentId, r.attachment().filename())));
    }
}
