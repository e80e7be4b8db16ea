package dev.dos.discord;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** What a bot token says in clear: Discord makes its first part the base64 of the bot's user id. */
final class BotTokens {
    private BotTokens() {
    }

    /** The bot user id a token starts with, if its first part decodes to one. */
    static Optional<String> userId(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(token.substring(0, dot).replace('+', '-')
                    .replace('/', '_')), StandardCharsets.US_ASCII);
            return id.matches("[0-9]{1,20}") ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
