package dev.dos.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.MasterKeyCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The recovery kit's text (docs/FORMAT.md section 15). */
class RecoveryKitTest {
    private final MasterKey key = MasterKey.generate();
    private final KeyFile wrapped = KeyFile.seal(key, "orbit-velvet-canyon-42".toCharArray(), Argon2Params.TESTING);

    @Test
    void aKitWithTheWrappedKeyOnlyHoldsNoCode() throws Exception {
        String kit = RecoveryKit.render(wrapped, null, Instant.parse("2025-01-31T12:00:00Z"));
        assertThat(kit).contains("key fingerprint: " + key.fingerprint(), "exported: 2025-01-31T12:00:00Z",
                "-----BEGIN DOS KEY FILE-----").doesNotContain("DOS1-", "WARNING");

        RecoveryKit.Contents back = RecoveryKit.parse(kit);
        assertThat(back.code()).isEmpty();
        assertThat(back.keyFile()).hasValueSatisfying(k -> assertThat(k.fingerprint()).isEqualTo(key.fingerprint()));
    }

    @Test
    void aKitWithTheMasterKeyHoldsBothAndWarns() throws Exception {
        String kit = RecoveryKit.render(wrapped, key, Instant.now());
        assertThat(kit).contains("WARNING", MasterKeyCode.encode(key));
        RecoveryKit.Contents back = RecoveryKit.parse(kit);
        assertThat(MasterKeyCode.decode(back.code().orElseThrow()).fingerprint()).isEqualTo(key.fingerprint());
        assertThat(back.keyFile()).isPresent();
    }

    @Test
    void aBareKeyFileOrABareCodeIsReadToo() throws Exception {
        assertThat(RecoveryKit.parse(new String(wrapped.toJson(), StandardCharsets.UTF_8)).keyFile()).isPresent();
        assertThat(RecoveryKit.parse("  " + MasterKeyCode.encode(key).toLowerCase() + "\n").code()).isPresent();
        assertThat(RecoveryKit.parse("some other text").isEmpty()).isTrue();
    }
}
