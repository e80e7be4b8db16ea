package dev.dos.discord;

import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.StorageRemoteConformance;
import dev.dos.emulator.live.LiveCondition;
import dev.dos.emulator.live.LiveJanitor;
import dev.dos.emulator.live.LiveOnly;
import dev.dos.emulator.live.LiveSettings;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage-remote conformance suite against real Discord (docs/EMULATOR.md, "Live mode"): the
 * same meanings {@link DiscordRemoteConformanceTest} checks on the emulator, on the bot, server
 * and channels named by {@code DOS_LIVE_*}. dos keeps containers as threads of the storage
 * channel and needs index and backup to be two other channels, so this suite needs
 * {@code DOS_LIVE_INDEX_CHANNEL} and {@code DOS_LIVE_BACKUP_CHANNEL} as well. After every test it
 * deletes the threads and messages the bot made during it. Skipped outside live mode.
 */
@LiveOnly
class DiscordRemoteLiveConformanceTest extends StorageRemoteConformance {
    private static LiveSettings live;
    private static LiveJanitor janitor;
    private String mark;

    @BeforeAll
    static void connect() {
        LiveSettings settings = LiveSettings.require();
        if (!settings.threeDistinctChannels()) {
            String why = "DiscordRemoteLiveConformanceTest skipped: dos uses three different channels; set "
                    + LiveSettings.INDEX_CHANNEL + " and " + LiveSettings.BACKUP_CHANNEL + " to two more text channels"
                    + " (docs/EMULATOR.md, \"Live mode\")";
            LiveCondition.announce(why);
            Assumptions.abort(why);
        }
        LiveJanitor checked = new LiveJanitor(settings);
        checked.checkSetup();
        live = settings;
        janitor = checked;
    }

    @Override
    protected StorageRemote newRemote() {
        mark = janitor.mark();
        return DiscordRemote.connect(DiscordSettings.builder()
                .baseUrl(live.apiBase())
                .token(live.token())
                .guildId(live.guildId())
                .channels(live.channelId(), live.indexChannelId(), live.backupChannelId())
                .build());
    }

    /** Containers are threads of the storage channel; posts also land in index and backup. */
    @AfterEach
    void deleteWhatTheTestMade() {
        if (mark != null) {
            janitor.sweep(List.of(live.channelId()), live.channels(), mark);
        }
    }
}
