package dev.dos.bench;

import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;
import java.nio.file.Path;

/**
 * What {@code dos emulator --no-rate-limits --data DIR --json} runs (the same {@link EmulatorConfig}
 * but for the seed), in a process of its own started from the bench's class path: {@link Launcher}'s
 * store. Not through {@code ./dos}, whose staleness check may rebuild dos.jar while the emulator
 * still loads classes from it. Prints its one JSON line, then serves until its standard input closes
 * or it is killed.
 *
 * <p>Usage: {@code EmulatorMain <data dir>}
 */
public final class EmulatorMain {
    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: EmulatorMain <data dir>");
        }
        try (DiscordEmulator emulator = DiscordEmulator.start(EmulatorConfig.builder().port(0)
                .dataDir(Path.of(args[0])).rateLimits(RateLimitConfig.disabled()).build())) {
            System.out.println(emulator.describeJson());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream()); // until the parent closes it
        }
    }
}
