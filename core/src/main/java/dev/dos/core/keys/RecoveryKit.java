package dev.dos.core.keys;

import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.MasterKeyCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A recovery kit (docs/FORMAT.md section 15): a text for people to keep apart from the machine,
 * holding the wrapped key (the key file JSON) and, if asked for, the master key as a
 * {@link MasterKeyCode}. {@link #parse} also reads a bare key file or a bare code.
 */
public final class RecoveryKit {
    static final String KEY_FILE_BEGIN = "-----BEGIN DOS KEY FILE-----";
    static final String KEY_FILE_END = "-----END DOS KEY FILE-----";
    static final String CODE_BEGIN = "-----BEGIN DOS MASTER KEY-----";
    static final String CODE_END = "-----END DOS MASTER KEY-----";

    private RecoveryKit() {
    }

    /**
     * The kit's text.
     *
     * @param wrapped   the key file, as the local key file holds it
     * @param masterKey the key to write as a code too, or null for the wrapped key alone
     */
    public static String render(KeyFile wrapped, MasterKey masterKey, Instant exported) {
        StringBuilder text = new StringBuilder();
        text.append("dos recovery kit (docs/FORMAT.md section 15)\n");
        text.append("key fingerprint: ").append(wrapped.fingerprint().hex()).append('\n');
        text.append("exported: ").append(exported).append("\n\n");
        text.append("Keep this apart from the computer that uses the key (printed, or on a USB stick).\n");
        text.append("On a new machine, 'dos key import <this file>' writes the key file again. It asks for\n");
        text.append(masterKey == null ? "the passphrase of the key file below. Then 'dos setup' connects to Discord\n"
                : "a new passphrase for the master-key code below. Then 'dos setup' connects to Discord\n");
        text.append("and keeps that key, and 'dos sync --reset' rebuilds the index.\n");
        if (masterKey != null) {
            text.append("\nWARNING: the master-key code below opens every batch of this store WITHOUT any passphrase.\n");
            text.append("Anyone who sees it can read everything: guard it like the data itself.\n");
        }
        text.append('\n').append(KEY_FILE_BEGIN).append('\n');
        text.append(new String(wrapped.toJson(), StandardCharsets.UTF_8).strip()).append('\n');
        text.append(KEY_FILE_END).append('\n');
        if (masterKey != null) {
            text.append('\n').append(CODE_BEGIN).append('\n');
            text.append(MasterKeyCode.encode(masterKey)).append('\n');
            text.append(CODE_END).append('\n');
        }
        return text.toString();
    }

    /**
     * What a kit (or a bare key file, or a bare code) holds.
     *
     * @param keyFile the wrapped key, if present
     * @param code    the master-key code as written (not yet checked), if present
     */
    public record Contents(Optional<KeyFile> keyFile, Optional<String> code) {
        public boolean isEmpty() {
            return keyFile.isEmpty() && code.isEmpty();
        }
    }

    /** Reads a kit; a key file block or bare key file that does not parse is an {@link IOException}. */
    public static Contents parse(String text) throws IOException {
        // A bare code is the whole text; a typo inside it is for the decoder to name.
        Optional<String> code = between(text, CODE_BEGIN, CODE_END)
                .or(() -> MasterKeyCode.looksLikeCode(text) ? Optional.of(text) : Optional.empty())
                .map(String::strip);
        Optional<String> json = between(text, KEY_FILE_BEGIN, KEY_FILE_END)
                .or(() -> text.strip().startsWith("{") ? Optional.of(text) : Optional.empty());
        Optional<KeyFile> keyFile = Optional.empty();
        if (json.isPresent()) {
            try {
                keyFile = Optional.of(KeyFile.parse(json.get().getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IOException("the key file in it is not valid: " + e.getMessage(), e);
            }
        }
        return new Contents(keyFile, code);
    }

    private static Optional<String> between(String text, String begin, String end) {
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from + begin.length());
        return to < 0 ? Optional.empty() : Optional.of(text.substring(from + begin.length(), to));
    }
}
