package dev.dos.app.cli;

import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dos emulator}: runs the Discord REST emulator standalone until killed. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Run the Discord REST API emulator on 127.0.0.1 until killed.",
                "Prints its base URL, a bot token and the ids of a ready-made guild with channels"
                        + " storage, index and backup (with --json: exactly one JSON line)."})
final class EmulatorCommand implements Callable<Integer> {
    @ParentCommand
    DosRoot root;

    @Option(names = "--port", defaultValue = "0", description = "TCP port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Persist state here (attachments as plain files under DIR/attachments). Default: in memory.")
    Path data;

    @Option(names = "--json", description = "Print one JSON line {base_url, cdn_url, token, guild_id, channels}.")
    boolean json;

    @Option(names = "--tier", defaultValue = "0", description = "Guild boost tier 0..3 (sets the upload limit). Default: ${DEFAULT-VALUE}.")
    int tier;

    @Option(names = "--link-expiry", paramLabel = "DURATION", defaultValue = "24h",
            description = "Lifetime of signed CDN links, e.g. 30s, 10m, 24h. Default: ${DEFAULT-VALUE}.")
    String linkExpiry;

    @Option(names = "--no-rate-limits", description = "Turn rate limiting off (Discord's limits are on by default).")
    boolean noRateLimits;

    @Option(names = "--no-refresh-urls",
            description = "Withdraw the undocumented POST /attachments/refresh-urls (it answers 404), as Discord may.")
    boolean noRefreshUrls;

    @Option(names = "--time-scale", defaultValue = "1", description = "Run rate-limit clocks this many times faster. Default: ${DEFAULT-VALUE}.")
    double timeScale;

    @Option(names = "--faults", paramLabel = "SPEC", defaultValue = "",
            description = {"Fault injection, comma-separated key=value: seed, 500, 502, 503, storm, storm-duration,",
                    "reset-request, reset-after-commit, reset-download, latency, jitter, bandwidth (CDN downloads),",
                    "upload-bandwidth (request bodies), corrupt.",
                    "Example: --faults seed=7,503=0.05,reset-download=0.01,latency=20ms,bandwidth=1MiB,upload-bandwidth=256KiB"})
    String faults;

    @Override
    public Integer call() throws Exception {
        FaultConfig faultConfig;
        RateLimitConfig rates;
        Duration expiry;
        try {
            faultConfig = FaultConfig.parse(faults);
            expiry = Durations.parse(linkExpiry);
            rates = noRateLimits ? RateLimitConfig.disabled()
                    : RateLimitConfig.discordDefaults().toBuilder().timeScale(timeScale).build();
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage());
        }
        EmulatorConfig config = EmulatorConfig.builder()
                .port(port).dataDir(data).premiumTier(tier).linkExpiry(expiry)
                .rateLimits(rates).faults(faultConfig).refreshUrls(!noRefreshUrls).build();
        CountDownLatch stopped = new CountDownLatch(1);
        try (DiscordEmulator emulator = DiscordEmulator.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                emulator.close();
                stopped.countDown();
            }));
            var out = root.context.out();
            if (json) {
                out.println(emulator.describeJson());
            } else {
                out.println("Discord emulator listening (Ctrl-C to stop)");
                out.println("  base URL : " + emulator.baseUrl());
                out.println("  CDN URL  : " + emulator.cdnUrl());
                out.println("  bot token: " + emulator.token());
                out.println("  guild    : " + emulator.guildId());
                for (String name : new String[] {"storage", "index", "backup"}) {
                    out.println("  #" + name + (" ".repeat(8 - name.length())) + ": " + emulator.channelId(name));
                }
                out.println("  data     : " + (data == null ? "in memory" : data.toAbsolutePath()));
            }
            out.flush();
            stopped.await();
        }
        return ExitCode.OK;
    }
}
