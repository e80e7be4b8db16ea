package dev.dos.emulator.contract;

import java.time.Duration;
import dev.dos.testkit.RawDiscord;

/**
 * What a contract test talks to: a fresh emulator ({@link EmulatorTarget}) or live Discord
 * ({@link LiveTarget}, docs/EMULATOR.md "Live mode"). Tests marked {@code @Live} use only what
 * both offer; everything else ({@code emulator.admin()}, a fresh guild) is emulator-only.
 */
sealed interface ContractTarget extends AutoCloseable permits EmulatorTarget, LiveTarget {

    /** The bot's client. */
    RawDiscord discord();

    /** The bot token (for tests that send it wrongly on purpose). */
    String token();

    String guildId();

    /** The text channels {@code "storage"}, {@code "index"} and {@code "backup"}. */
    String channelId(String name);

    /**
     * Where the test posts: the emulator's storage channel; live, a new thread of
     * {@code DOS_LIVE_CHANNEL} made for this test, or with {@link InLiveChannel} that text channel
     * itself.
     */
    String storage();

    /** A second channel to post in, as empty as {@link #storage()} at the start of the test. */
    String anotherChannel();

    /** The CDN's root, as attachment URLs start. */
    String cdnUrl();

    /**
     * How far a timestamp Discord wrote may be from this machine's clock, for an assertion that
     * allows {@code emulatorSlack} against the emulator: live adds the clocks' difference and a
     * round trip.
     */
    Duration slack(Duration emulatorSlack);

    /**
     * Takes {@code permissions} from the bot in {@code channelId} (a thread: its parent) until the
     * test ends: the emulator's admin, or live a permission overwrite for the bot's own member
     * (which needs Manage Permissions; the test is skipped without it).
     */
    void withdraw(String channelId, long permissions);

    /** Whether this is live Discord. */
    boolean live();

    /** Stops the emulator, or deletes what the test created on Discord. */
    @Override
    void close();
}
