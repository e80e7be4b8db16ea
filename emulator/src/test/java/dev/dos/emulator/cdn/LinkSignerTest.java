package dev.dos.emulator.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LinkSignerTest {
    private final FakeClock clock = FakeClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final LinkSigner signer = new LinkSigner(Base64.getEncoder().encodeToString(new byte[32]), clock,
            () -> Duration.ofHours(24));

    @Test
    void signedLinksHaveDiscordsShape() {
        String link = signer.sign("/attachments/1/2/a.bin");
        assertThat(link).matches("/attachments/1/2/a\\.bin\\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=[0-9a-f]{64}&");
        long is = Long.parseLong(param(link, "is"), 16);
        assertThat(is).isEqualTo(clock.millis() / 1000);
        assertThat(Long.parseLong(param(link, "ex"), 16)).isEqualTo(is + 86_400);
    }

    @Test
    void verifiesUntilExpiryOnly() {
        String link = signer.sign("/attachments/1/2/a.bin");
        assertThat(verify("/attachments/1/2/a.bin", link)).isTrue();
        assertThat(verify("/attachments/1/3/a.bin", link)).isFalse();
        clock.advance(Duration.ofHours(24));
        assertThat(verify("/attachments/1/2/a.bin", link)).isFalse();
    }

    @Test
    void anotherKeyDoesNotVerify() {
        String link = signer.sign("/attachments/1/2/a.bin");
        byte[] key = new byte[32];
        key[0] = 1;
        LinkSigner other = new LinkSigner(Base64.getEncoder().encodeToString(key), clock, () -> Duration.ofHours(1));
        assertThat(other.verify("/attachments/1/2/a.bin", param(link, "ex"), param(link, "is"), param(link, "hm")))
                .isFalse();
        assertThat(signer.verify("/attachments/1/2/a.bin", null, "1", "2")).isFalse();
        assertThat(signer.verify("/attachments/1/2/a.bin", "zz", "1", "2")).isFalse();
    }

    private boolean verify(String path, String link) {
        return signer.verify(path, param(link, "ex"), param(link, "is"), param(link, "hm"));
    }

    private static String param(String link, String name) {
        for (String pair : link.substring(link.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
