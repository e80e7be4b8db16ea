package dev.dos.emulator.store;

import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.ChannelType;
import dev.dos.emulator.model.Guild;
import dev.dos.emulator.model.Identity;
import dev.dos.emulator.model.SnowflakeGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The ready-made world of a fresh sandbox: a bot, one guild and the text channels the product
 * expects ({@code storage}, {@code index}, {@code backup}).
 */
final class SandboxSeeder {
    static final List<String> CHANNEL_NAMES = List.of("storage", "index", "backup");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private SandboxSeeder() {
    }

    static List<JournalEntry> seed(SnowflakeGenerator ids, long seed) {
        Random random = new Random(seed);
        long botId = ids.next();
        long ownerId = ids.next();
        long guildId = ids.next();
        byte[] key = new byte[32];
        random.nextBytes(key);
        List<JournalEntry> entries = new ArrayList<>();
        entries.add(new JournalEntry.IdentitySet(new Identity(botId, "dos-emulator-bot", newToken(botId, random),
                Base64.getEncoder().encodeToString(key), guildId)));
        entries.add(new JournalEntry.GuildSet(new Guild(guildId, "dos sandbox", ownerId)));
        int position = 0;
        for (String name : CHANNEL_NAMES) {
            entries.add(new JournalEntry.ChannelPut(new Channel(ids.next(), ChannelType.GUILD_TEXT, guildId, name,
                    position++, null, null, null, null, 0, 0, 0, 0, null, null)));
        }
        return entries;
    }

    /** A token shaped like Discord's: base64(bot id), a timestamp part and an HMAC part. */
    static String newToken(long botId, Random random) {
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
