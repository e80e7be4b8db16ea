package dev.dos.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The master-key code of a recovery kit (docs/FORMAT.md section 15). */
class MasterKeyCodeTest {
    /** Key bytes 0, 1, ..., 31; the code computed independently (Python: hashlib, int.to_bytes). */
    private static final String VECTOR = "DOS1-000G-40R4-0M30-E209-185G-R38E-1W81-24GK-2GAH-C5RR-34D1-P70X-3RFQ-PFT0";

    private static MasterKey counting() {
        byte[] bytes = new byte[MasterKey.BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return MasterKey.fromBytes(bytes);
    }

    @Test
    void encodesTheFixedVectorAndReadsItBack() throws Exception {
        assertThat(MasterKeyCode.encode(counting())).isEqualTo(VECTOR);
        assertThat(MasterKeyCode.decode(VECTOR).fingerprint()).isEqualTo(counting().fingerprint());
    }

    @Test
    void aRandomKeyRoundTripsInFourteenGroupsOfFour() throws Exception {
        for (int i = 0; i < 50; i++) {
            MasterKey key = MasterKey.generate();
            String code = MasterKeyCode.encode(key);
            assertThat(code).matches("DOS1(-[0-9A-HJKMNP-TV-Z]{4}){14}");
            assertThat(MasterKeyCode.decode(code).fingerprint()).isEqualTo(key.fingerprint());
        }
    }

    @Test
    void caseSpacesLineBreaksAndLookAlikesDoNotMatter() throws Exception {
        String sloppy = VECTOR.toLowerCase(Locale.ROOT).replace("-", " ").replace("0", "o").replace("1", "l")
                .replace("c5rr", "c5rr\n");
        assertThat(MasterKeyCode.decode(sloppy).fingerprint()).isEqualTo(counting().fingerprint());
    }

    @Test
    void everySingleMistypedCharacterIsCaughtByTheChecksum() {
        String body = VECTOR.substring(5).replace("-", "");
        int caught = 0;
        for (int i = 0; i < body.length(); i++) {
            for (char c : MasterKeyCode.ALPHABET.toCharArray()) {
                if (c == body.charAt(i)) {
                    continue;
                }
                String typo = "DOS1" + body.substring(0, i) + c + body.substring(i + 1);
                assertThatThrownBy(() -> MasterKeyCode.decode(typo))
                        .isInstanceOf(MasterKeyCode.InvalidCodeException.class)
                        .hasMessageContaining("checksum does not match");
                caught++;
            }
        }
        assertThat(caught).isEqualTo(56 * 31);
    }

    @Test
    void swappedNeighboursAreCaught() {
        String body = VECTOR.substring(5).replace("-", "");
        for (int i = 0; i + 1 < body.length(); i++) {
            if (body.charAt(i) == body.charAt(i + 1)) {
                continue;
            }
            String swapped = "DOS1" + body.substring(0, i) + body.charAt(i + 1) + body.charAt(i) + body.substring(i + 2);
            assertThatThrownBy(() -> MasterKeyCode.decode(swapped)).isInstanceOf(MasterKeyCode.InvalidCodeException.class);
        }
    }

    @Test
    void aCharacterOutsideTheAlphabetAMissingGroupAndAForeignTextAreNamed() {
        assertThatThrownBy(() -> MasterKeyCode.decode(VECTOR.replace("C5RR", "C5UR")))
                .hasMessageContaining("'U', group 10, position 3");
        assertThatThrownBy(() -> MasterKeyCode.decode(VECTOR.replace("-C5RR", "")))
                .hasMessageContaining("52 characters").hasMessageContaining("a group is missing");
        assertThatThrownBy(() -> MasterKeyCode.decode("hello")).hasMessageContaining("not a dos master-key code");
    }
}
