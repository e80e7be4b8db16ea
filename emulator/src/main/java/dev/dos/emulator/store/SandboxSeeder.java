package dev.dos.emulator.store;

import dev.dos.emulator.model.BotTokens;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.ChannelType;
import dev.dos.emulator.model.Guild;
import dev.dos.emulator.model.Identity;
import dev.dos.emulator.model.SnowflakeGenerator;
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
        String token = BotTokens.newToken(botId, random);
        entries.add(new JournalEntry.IdentitySet(new Identity(botId, "dos-emulator-bot", token,
                Base64.getEncoder().encodeToString(key), guildId)));
        entries.add(new JournalEntry.GuildSet(new Guild(guildId, "dos sandbox", ownerId)));
        int position = 0;
        for (String name : CHANNEL_NAMES) {
            entries.add(new JournalEntry.ChannelPut(new Channel(ids.next(), ChannelType.GUILD_TEXT, guildId, name,
                    position++, null, null, null, null, 0, 0, 0, 0, null, null)));
        }
        return entries;
    }
}
