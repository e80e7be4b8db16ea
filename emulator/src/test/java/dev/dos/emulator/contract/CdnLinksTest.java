package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;

/** Signed attachment links: expiry, tampering, refreshing, ranges, and damaged files. */
class CdnLinksTest extends EmulatorContract {
    private static final String GONE = "This content is no longer available.";

    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        clock.freeze(); // stopped: only the test moves it
        return config.linkExpiry(Duration.ofSeconds(30));
    }

    @Test
    void linksExpireAfterTheConfiguredLifetime() {
        JsonNode a = postFiles(storage, new byte[] {1, 2, 3}).at("/attachments/0");
        String url = a.get("url").asText();
        long ex = Long.parseLong(query(url, "ex"), 16);
        long is = Long.parseLong(query(url, "is"), 16);
        assertThat(ex - is).isEqualTo(30);
        assertThat(RawDiscord.fetch(url).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(31));
        Reply expired = RawDiscord.fetch(url);
        assertThat(expired.status()).isEqualTo(404);
        assertThat(expired.text()).isEqualTo(GONE);
    }

    @Test
    void theDefaultLifetimeIsADay() throws Exception {
        try (DiscordEmulator other = DiscordEmulator.start(EmulatorConfig.builder()
                .rateLimits(RateLimitConfig.disabled()).build())) {
            RawDiscord raw = RawDiscord.of(other);
            Reply r = raw.post("/channels/" + other.channelId("storage") + "/messages",
                    filesForm("", new byte[] {1}));
            String url = r.json().at("/attachments/0/url").asText();
            assertThat(Long.parseLong(query(url, "ex"), 16) - Long.parseLong(query(url, "is"), 16)).isEqualTo(86_400);
        }
    }

    @Test
    void tamperedOrUnsignedLinksAreRefused() {
        String url = postFiles(storage, new byte[] {1}).at("/attachments/0/url").asText();
        String hm = query(url, "hm");
        String flipped = (hm.charAt(0) == 'a' ? "b" : "a") + hm.substring(1);
        assertThat(RawDiscord.fetch(url.replace(hm, flipped)).status()).isEqualTo(404);
        String ex = query(url, "ex");
        String later = Long.toHexString(Long.parseLong(ex, 16) + 3600);
        assertThat(RawDiscord.fetch(url.replace("ex=" + ex, "ex=" + later)).status()).isEqualTo(404);
        assertThat(RawDiscord.fetch(url.substring(0, url.indexOf('?'))).text()).isEqualTo(GONE);
    }

    @Test
    void aLinkCannotBeMovedToAnotherAttachment() {
        JsonNode m = postFiles(storage, new byte[] {1}, new byte[] {2});
        String first = m.at("/attachments/0/url").asText();
        String secondId = m.at("/attachments/1/id").asText();
        String firstId = m.at("/attachments/0/id").asText();
        assertThat(RawDiscord.fetch(first.replace(firstId, secondId).replace("chunk-0", "chunk-1")).status())
                .isEqualTo(404);
    }

    @Test
    void fetchingTheMessageAgainGivesFreshLinks() {
        JsonNode m = postFiles(storage, new byte[] {5});
        String old = m.at("/attachments/0/url").asText();
        clock.advance(Duration.ofSeconds(31));
        assertThat(RawDiscord.fetch(old).status()).isEqualTo(404);
        String fresh = discord.get("/channels/" + storage + "/messages/" + m.get("id").asText()).json()
                .at("/attachments/0/url").asText();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(RawDiscord.fetch(fresh).body()).containsExactly(5);
    }

    @Test
    void refreshUrlsSignsExpiredLinksAgain() {
        String old = postFiles(storage, new byte[] {8}).at("/attachments/0/url").asText();
        clock.advance(Duration.ofSeconds(31));
        Reply r = discord.post("/attachments/refresh-urls", "{\"attachment_urls\":[\"" + old + "\","
                + "\"" + emulator.cdnUrl() + "/attachments/1/2/nothing.bin\"]}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode refreshed = r.json().get("refreshed_urls");
        assertThat(refreshed).hasSize(1);
        assertThat(refreshed.get(0).get("original").asText()).isEqualTo(old);
        assertThat(RawDiscord.fetch(refreshed.get(0).get("refreshed").asText()).body()).containsExactly(8);
    }

    @Test
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
    void theProxyUrlServesTheSameBytes() {
        JsonNode a = postFiles(storage, new byte[] {4, 2}).at("/attachments/0");
        assertThat(RawDiscord.fetch(a.get("proxy_url").asText()).body()).containsExactly(4, 2);
    }

    @Test
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
    void aDamagedFileIsServedAsItIsNow() throws Exception {
        JsonNode a = postFiles(storage, new byte[] {1, 1, 1, 1}).at("/attachments/0");
        Path file = emulator.admin().attachmentFile(a.get("id").asText());
        Files.write(file, new byte[] {1, 1, 9, 1});
        assertThat(RawDiscord.fetch(a.get("url").asText()).body()).containsExactly(1, 1, 9, 1);
    }

    @Test
    void deletedMessagesTakeTheirAttachmentsWithThem() {
        JsonNode m = postFiles(storage, new byte[] {3});
        discord.delete("/channels/" + storage + "/messages/" + m.get("id").asText());
        assertThat(RawDiscord.fetch(m.at("/attachments/0/url").asText()).status()).isEqualTo(404);
    }

    private static String query(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }
}
