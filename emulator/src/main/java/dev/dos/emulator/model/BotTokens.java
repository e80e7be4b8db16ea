package dev.dos.emulator.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/** Bot tokens shaped like Discord's: base64 of the bot id, a short part and a long secret part. */
public final class BotTokens {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private BotTokens() {
    }

    public static String newToken(long botId, Random random) {
        String idPart = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Long.toString(botId).getBytes(StandardCharsets.US_ASCII));
        return idPart + "." + randomChars(random, 6) + "." + randomChars(random, 38);
    }

    private static String randomChars(Random random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
