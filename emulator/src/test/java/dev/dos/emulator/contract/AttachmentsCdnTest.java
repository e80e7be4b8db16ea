package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.EmulatorOnly;
import dev.dos.emulator.live.Live;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;
import java.net.http.HttpRequest;

/**
 * Attachments live on the CDN behind signed links (reference.mdx, "Signed Attachment CDN URLs":
 * ex = hex expiry, is = hex issue time, hm = signature).
 */
@Live
class AttachmentsCdnTest extends EmulatorContract {

    @Test
    void anAttachmentDescribesItselfCompletely() {
        JsonNode a = postFiles(storage, "one", randomBytes(1234, 1)).path("attachments").get(0);

        assertThat(a.path("id").asText()).matches("\\d+");
        assertThat(a.path("filename").asText()).isEqualTo("chunk-0.bin");
        assertThat(a.path("size").asLong()).isEqualTo(1234);
        assertThat(a.path("url").asText()).isNotBlank();
        assertThat(a.path("proxy_url").asText()).isNotBlank();
        assertThat(a.path("content_type").asText()).isEqualTo("application/octet-stream");
    }

    @Test
    void theUrlIsASignedCdnLinkNamingChannelAttachmentAndFilename() {
        JsonNode a = postFiles(storage, "one", new byte[] {1}).path("attachments").get(0);
        URI url = URI.create(a.path("url").asText());

        assertThat(a.path("url").asText()).startsWith(target.cdnUrl() + "/attachments/" + storage + "/"
                + a.path("id").asText() + "/chunk-0.bin?");
        Map<String, String> query = query(url);
        assertThat(query).containsKeys("ex", "is", "hm");
        assertThat(query.get("ex")).matches("[0-9a-f]+");
        assertThat(query.get("is")).matches("[0-9a-f]+");
        assertThat(query.get("hm")).matches("[0-9a-f]{16,}");
    }

    @Test
    void linksAreIssuedNowAndExpireAboutADayLater() {
        long now = Instant.now().getEpochSecond();

        Map<String, String> query = query(URI.create(
                postFiles(storage, "one", new byte[] {1}).path("attachments").get(0).path("url").asText()));

        long issued = Long.parseLong(query.get("is"), 16);
        long expires = Long.parseLong(query.get("ex"), 16);
        long slack = target.slack(Duration.ofSeconds(2)).toSeconds();
        assertThat(issued).isBetween(now - slack, now + slack);
        assertThat(expires - issued).isBetween(Duration.ofHours(20).toSeconds(), Duration.ofHours(25).toSeconds());
    }

    @Test
    void downloadingGivesBackTheExactBytes() {
        byte[] bytes = randomBytes(300_000, 2);
        JsonNode a = postFiles(storage, "one", bytes).path("attachments").get(0);

        Reply download = RawDiscord.fetch(a.path("url").asText()).expect(200);

        assertThat(download.body()).isEqualTo(bytes);
        assertThat(download.header("Content-Length")).isEqualTo("300000");
    }

    @Test
    void theProxyUrlServesTheSameBytes() {
        byte[] bytes = randomBytes(5000, 3);
        JsonNode a = postFiles(storage, "one", bytes).path("attachments").get(0);

        assertThat(RawDiscord.fetch(a.path("proxy_url").asText()).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    void everyAttachmentOfAMessageDownloadsToItsOwnBytes() {
        byte[] first = randomBytes(1000, 4);
        byte[] second = randomBytes(1000, 5);
        JsonNode attachments = postFiles(storage, "two", first, second).path("attachments");

        assertThat(RawDiscord.fetch(attachments.get(0).path("url").asText()).expect(200).body()).isEqualTo(first);
        assertThat(RawDiscord.fetch(attachments.get(1).path("url").asText()).expect(200).body()).isEqualTo(second);
    }

    @Test
    void aHeadRequestGivesTheSizeWithoutTheBytes() {
        String url = postFiles(storage, "head", new byte[4321]).path("attachments").get(0).path("url").asText();

        Reply head = RawDiscord.head(url).expect(200);

        assertThat(head.header("Content-Length")).isEqualTo("4321");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aByteRangeCanBeDownloadedToResumeATransfer() {
        byte[] bytes = randomBytes(10_000, 11);
        String url = postFiles(storage, "resume", bytes).path("attachments").get(0).path("url").asText();

        Reply part = RawDiscord.fetchRange(url, 1000, 1999);

        part.expect(206);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1000, 2000));
        assertThat(part.header("Content-Range")).isEqualTo("bytes 1000-1999/10000");
    }

    @Test
    void aTamperedSignatureIsRefused() {
        String url = postFiles(storage, "one", new byte[] {1}).path("attachments").get(0).path("url").asText();
        String hm = query(URI.create(url)).get("hm");
        String flipped = (hm.charAt(0) == 'a' ? "b" : "a") + hm.substring(1);

        assertRefusedByCdn(RawDiscord.fetch(url.replace("hm=" + hm, "hm=" + flipped)));
    }

    @Test
    void anExtendedExpiryInvalidatesTheSignature() {
        String url = postFiles(storage, "one", new byte[] {1}).path("attachments").get(0).path("url").asText();
        String ex = query(URI.create(url)).get("ex");
        String later = Long.toHexString(Long.parseLong(ex, 16) + 86_400);

        assertRefusedByCdn(RawDiscord.fetch(url.replace("ex=" + ex, "ex=" + later)));
    }

    @Test
    void aLinkWithoutItsSignatureIsRefused() {
        String url = postFiles(storage, "one", new byte[] {1}).path("attachments").get(0).path("url").asText();

        assertRefusedByCdn(RawDiscord.fetch(url.substring(0, url.indexOf('?'))));
    }

    @Test
    void aSignedLinkForAnotherAttachmentIdIsRefused() {
        JsonNode attachments = postFiles(storage, "two", new byte[] {1}, new byte[] {2}).path("attachments");
        String url = attachments.get(0).path("url").asText();

        String swapped = url.replace("/" + attachments.get(0).path("id").asText() + "/",
                "/" + attachments.get(1).path("id").asText() + "/");

        assertRefusedByCdn(RawDiscord.fetch(swapped));
    }

    @Test
    @EmulatorOnly("moves the clock 23 hours")
    void aLinkStillWorksJustBeforeItExpires() {
        byte[] bytes = randomBytes(100, 5);
        String url = postFiles(storage, "nearly a day", bytes).path("attachments").get(0).path("url").asText();

        clock.advance(Duration.ofHours(23));

        assertThat(RawDiscord.fetch(url).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    @EmulatorOnly("moves the clock 25 hours")
    void anExpiredLinkIsRefusedAndRefetchingTheMessageGivesAFreshOne() {
        byte[] bytes = randomBytes(100, 6);
        JsonNode m = postFiles(storage, "a day old", bytes);
        String old = m.path("attachments").get(0).path("url").asText();

        clock.advance(Duration.ofHours(25));

        assertRefusedByCdn(RawDiscord.fetch(old));
        JsonNode fetched = discord.get("/channels/" + storage + "/messages/" + m.path("id").asText()).expect(200).json();
        String fresh = fetched.path("attachments").get(0).path("url").asText();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(RawDiscord.fetch(fresh).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    @EmulatorOnly("the admin sets the link lifetime")
    void theAdminCanShortenTheLinkLifetime() {
        emulator.admin().setLinkExpiry(Duration.ofMinutes(5));
        String url = postFiles(storage, "short lived", new byte[] {1}).path("attachments").get(0).path("url").asText();
        Map<String, String> query = query(URI.create(url));

        assertThat(Long.parseLong(query.get("ex"), 16) - Long.parseLong(query.get("is"), 16)).isEqualTo(300);
        clock.advance(Duration.ofMinutes(6));
        assertRefusedByCdn(RawDiscord.fetch(url));
    }

    @Test
    @EmulatorOnly("moves the clock 25 hours")
    void listingMessagesAlsoSignsLinksAfresh() {
        byte[] bytes = randomBytes(100, 7);
        postFiles(storage, "a day old", bytes);

        clock.advance(Duration.ofHours(25));

        JsonNode list = discord.get("/channels/" + storage + "/messages").expect(200).json();
        assertThat(RawDiscord.fetch(list.get(0).path("attachments").get(0).path("url").asText()).expect(200).body())
                .isEqualTo(bytes);
    }

    @Test
    @EmulatorOnly("moves the clock 25 hours")
    void refreshUrlsSignsEachGivenLinkAfresh() {
        byte[] bytes = randomBytes(100, 8);
        String old = postFiles(storage, "refresh me", bytes).path("attachments").get(0).path("url").asText();
        clock.advance(Duration.ofHours(25));

        JsonNode reply = discord.post("/attachments/refresh-urls", Map.of("attachment_urls", List.of(old)))
                .expect(200).json();

        JsonNode refreshed = reply.path("refreshed_urls");
        assertThat(refreshed).hasSize(1);
        assertThat(refreshed.get(0).path("original").asText()).isEqualTo(old);
        String fresh = refreshed.get(0).path("refreshed").asText();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(RawDiscord.fetch(fresh).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    void refreshUrlsAcceptsLinksWithoutTheirQuery() {
        byte[] bytes = randomBytes(64, 9);
        String url = postFiles(storage, "bare", bytes).path("attachments").get(0).path("url").asText();
        String bare = url.substring(0, url.indexOf('?'));

        JsonNode reply = discord.post("/attachments/refresh-urls", Map.of("attachment_urls", List.of(bare)))
                .expect(200).json();

        String fresh = reply.path("refreshed_urls").get(0).path("refreshed").asText();
        assertThat(RawDiscord.fetch(fresh).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    void refreshUrlsNeedsTheBotToken() {
        String url = postFiles(storage, "x", new byte[] {1}).path("attachments").get(0).path("url").asText();

        AuthTest.assertUnauthorized(discord.withAuthorization(null)
                .post("/attachments/refresh-urls", Map.of("attachment_urls", List.of(url))));
    }

    @Test
    void refreshUrlsTakesAtMost50Links() {
        String url = postFiles(storage, "x", new byte[] {1}).path("attachments").get(0).path("url").asText();
        List<String> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(url);
        }
        discord.post("/attachments/refresh-urls", Map.of("attachment_urls", fifty)).expect(200);
        fifty.add(url);

        Reply reply = discord.post("/attachments/refresh-urls", Map.of("attachment_urls", fifty));

        reply.expect(400);
        assertThat(reply.json().path("code").asInt()).isEqualTo(50035);
    }

    @Test
    void refreshUrlsLeavesOutLinksWhoseAttachmentIsGone() {
        JsonNode kept = postFiles(storage, "kept", new byte[] {1});
        JsonNode gone = postFiles(storage, "gone", new byte[] {2});
        String keptUrl = kept.path("attachments").get(0).path("url").asText();
        String goneUrl = gone.path("attachments").get(0).path("url").asText();
        discord.delete("/channels/" + storage + "/messages/" + gone.path("id").asText()).expect(204);

        JsonNode reply = discord.post("/attachments/refresh-urls", Map.of("attachment_urls", List.of(keptUrl, goneUrl)))
                .expect(200).json();

        // docs/EMULATOR.md (a guess: Discord documents nothing about this route)
        assertThat(reply.path("refreshed_urls")).hasSize(1);
        assertThat(reply.path("refreshed_urls").get(0).path("original").asText()).isEqualTo(keptUrl);
    }

    @Test
    void theAttachmentOfADeletedMessageIsGoneFromTheCdn() {
        JsonNode m = postFiles(storage, "doomed", new byte[] {1});
        String url = m.path("attachments").get(0).path("url").asText();

        discord.delete("/channels/" + storage + "/messages/" + m.path("id").asText()).expect(204);

        assertRefusedByCdn(RawDiscord.fetch(url));
    }

    @Test
    void anAttachmentRemovedByAnEditIsGoneFromTheCdn() {
        JsonNode m = postFiles(storage, "two", new byte[] {1}, new byte[] {2});
        String removedUrl = m.path("attachments").get(0).path("url").asText();
        String kept = m.path("attachments").get(1).path("id").asText();

        discord.patch("/channels/" + storage + "/messages/" + m.path("id").asText(),
                Map.of("attachments", List.of(Map.of("id", kept)))).expect(200);

        assertRefusedByCdn(RawDiscord.fetch(removedUrl));
        RawDiscord.fetch(m.path("attachments").get(1).path("url").asText()).expect(200);
    }

    @Test
    @EmulatorOnly("reads the stored file through the admin")
    void theAdminCanSeeTheStoredFileOfAnAttachment() throws Exception {
        byte[] bytes = randomBytes(2048, 10);
        String id = postFiles(storage, "on disk", bytes).path("attachments").get(0).path("id").asText();

        Path file = emulator.admin().attachmentFile(id);

        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    @EmulatorOnly("pins the emulator's exact lifetime, on an emulator of its own")
    void theDefaultLifetimeIsADay() throws Exception {
        try (DiscordEmulator other = DiscordEmulator.start(EmulatorConfig.builder()
                .rateLimits(RateLimitConfig.disabled()).build())) {
            RawDiscord raw = RawDiscord.of(other);
            Reply r = raw.post("/channels/" + other.channelId("storage") + "/messages",
                    filesForm("", new byte[] {1}));
            Map<String, String> query = query(URI.create(r.json().at("/attachments/0/url").asText()));
            assertThat(Long.parseLong(query.get("ex"), 16) - Long.parseLong(query.get("is"), 16)).isEqualTo(86_400);
        }
    }

    @Test
    @EmulatorOnly("pins the emulator's exact form error")
    void refreshUrlsTakesAtMostFifty() {
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            urls.append(i == 0 ? "" : ",").append("\"").append(emulator.cdnUrl()).append("/attachments/1/2/a\"");
        }
        Reply r = discord.post("/attachments/refresh-urls", "{\"attachment_urls\":[" + urls + "]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/attachment_urls/_errors/0/code").asText()).isEqualTo("BASE_TYPE_MAX_LENGTH");
    }

    @Test
    @EmulatorOnly("not yet checked against Discord")
    void byteRangesAreServed() {
        String url = postFiles(storage, new byte[] {0, 1, 2, 3, 4, 5}).at("/attachments/0/url").asText();
        Reply part = RawDiscord.send(HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=2-4").GET());
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.body()).containsExactly(2, 3, 4);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 2-4/6");
        Reply beyond = RawDiscord.send(HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=9-").GET());
        assertThat(beyond.status()).isEqualTo(416);
    }

    @Test
    @EmulatorOnly("changes the stored file through the admin")
    void aDamagedFileIsServedAsItIsNow() throws Exception {
        JsonNode a = postFiles(storage, new byte[] {1, 1, 1, 1}).at("/attachments/0");
        Path file = emulator.admin().attachmentFile(a.get("id").asText());
        Files.write(file, new byte[] {1, 1, 9, 1});
        assertThat(RawDiscord.fetch(a.get("url").asText()).body()).containsExactly(1, 1, 9, 1);
    }

    @Test
    @EmulatorOnly("an emulator of its own whose links last 30 seconds")
    void linksExpireAfterTheConfiguredLifetime() throws Exception {
        try (DiscordEmulator brief = DiscordEmulator.start(quietConfig().clock(clock)
                .linkExpiry(Duration.ofSeconds(30)).build())) {
            clock.freeze();
            String url = RawDiscord.bot(brief.baseUrl(), brief.token())
                    .post("/channels/" + brief.channelId("storage") + "/messages", filesForm("", new byte[] {1, 2, 3}))
                    .expect(200).json().at("/attachments/0/url").asText();
            Map<String, String> query = query(URI.create(url));
            assertThat(Long.parseLong(query.get("ex"), 16) - Long.parseLong(query.get("is"), 16)).isEqualTo(30);
            RawDiscord.fetch(url).expect(200);

            clock.advance(Duration.ofSeconds(31));

            assertRefusedByCdn(RawDiscord.fetch(url));
        }
    }

    /**
     * How the CDN refuses a link: Discord does not document it; docs/EMULATOR.md fixes the widely
     * observed 404 with the text "This content is no longer available."
     */
    static void assertRefusedByCdn(Reply reply) {
        reply.expect(404);
        assertThat(reply.text()).isEqualTo("This content is no longer available.");
    }

    static Map<String, String> query(URI url) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = url.getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        return params;
    }
}
