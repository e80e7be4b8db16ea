package dev.dos.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.admin.AdminRoutes;
import dev.dos.emulator.fault.FaultInjector;
import dev.dos.emulator.http.ApiServer;
import dev.dos.emulator.http.Json;
import dev.dos.emulator.http.RequestLog;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.ratelimit.RateLimiter;
import dev.dos.emulator.store.RuntimeSettings;
import dev.dos.emulator.store.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Discord REST API (v10) emulator with its CDN, for tests and for a local sandbox. It serves
 * one bot in one guild with the text channels {@code storage}, {@code index} and
 * {@code backup}; see docs/EMULATOR.md for what it implements and where it had to guess.
 *
 * <pre>{@code
 * try (DiscordEmulator discord = DiscordEmulator.start(EmulatorConfig.defaults())) {
 *     String api = discord.baseUrl();          // http://127.0.0.1:PORT/api/v10
 *     String token = discord.token();          // for "Authorization: Bot <token>"
 *     String storage = discord.channelId("storage");
 * }
 * }</pre>
 */
public final class DiscordEmulator implements AutoCloseable {
    private final StateStore store;
    private final ApiServer server;
    private final EmulatorAdmin admin;

    private DiscordEmulator(StateStore store, ApiServer server, EmulatorAdmin admin) {
        this.store = store;
        this.server = server;
        this.admin = admin;
    }

    /**
     * Opens the state (replaying {@code config.dataDir()} if it has one) and starts serving on
     * {@code 127.0.0.1:config.port()} (0 picks a free port).
     *
     * @throws IOException when the data directory cannot be read or written, or the port cannot be bound
     */
    public static DiscordEmulator start(EmulatorConfig config) throws IOException {
        if (config.dataDir() != null) {
            Files.createDirectories(config.dataDir());
        }
        StateStore store = StateStore.open(config.dataDir(), config.clock(), config.seed());
        try {
            RuntimeSettings settings = new RuntimeSettings(config);
            FaultInjector faults = new FaultInjector(config.faults());
            RequestLog log = new RequestLog(config.requestLogCapacity());
            EmulatorAdmin admin = new EmulatorAdmin(store, settings, faults, log);
            AtomicReference<DiscordEmulator> self = new AtomicReference<>();
            ApiServer server = ApiServer.start(config.port(), new ApiServer.Parts(store, settings,
                    new RateLimiter(config.rateLimits(), config.clock()), faults, log, config.clock(),
                    listeners(config), app -> AdminRoutes.register(app, admin, () -> self.get().describe())));
            self.set(new DiscordEmulator(store, server, admin));
            return self.get();
        } catch (RuntimeException e) {
            store.close();
            throw new IOException("cannot start the Discord emulator on 127.0.0.1:" + config.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The configured listeners and those on the class path (META-INF/services), each class once. */
    private static List<ExchangeListener> listeners(EmulatorConfig config) {
        List<ExchangeListener> all = new ArrayList<>(config.exchangeListeners());
        for (ExchangeListener found : ServiceLoader.load(ExchangeListener.class)) {
            if (all.stream().noneMatch(l -> l.getClass() == found.getClass())) {
                all.add(found);
            }
        }
        return all;
    }

    /** {@code http://127.0.0.1:PORT/api/v10}. */
    public String baseUrl() {
        return server.address().apiUrl();
    }

    /** {@code http://127.0.0.1:PORT}: attachment links are {@code {cdnUrl}/attachments/...}. */
    public String cdnUrl() {
        return server.address().cdnUrl();
    }

    public int port() {
        return server.address().port();
    }

    /** The current bot token (persisted in the data directory; empty after {@link EmulatorAdmin#revokeToken()}). */
    public String token() {
        return store.identity().token();
    }

    public String guildId() {
        return Long.toString(store.guild().id());
    }

    /**
     * The id of the guild's channel (not thread) called {@code name}, e.g. {@code "storage"}.
     *
     * @throws NoSuchElementException when there is none (it may have been deleted)
     */
    public String channelId(String name) {
        return store.channels().stream()
                .filter(c -> !c.isThread() && c.name().equals(name))
                .map(Channel::id).findFirst().map(String::valueOf)
                .orElseThrow(() -> new NoSuchElementException("no channel named " + name));
    }

    /**
     * The routes this emulator serves, e.g. {@code "POST /channels/{channel.id}/messages"} (API
     * routes without the {@code /api/v10} prefix) and the CDN's {@code "GET /attachments/..."}.
     */
    public List<String> routes() {
        return server.routes();
    }

    public EmulatorAdmin admin() {
        return admin;
    }

    /**
     * The one JSON line {@code dos emulator --json} prints: {@code {"base_url", "cdn_url",
     * "token", "guild_id", "channels": {"storage", "index", "backup"}}}, no trailing newline.
     */
    public String describeJson() {
        return describe().toString();
    }

    private ObjectNode describe() {
        ObjectNode o = Json.object();
        o.put("base_url", baseUrl());
        o.put("cdn_url", cdnUrl());
        o.put("token", token());
        o.put("guild_id", guildId());
        ObjectNode channels = o.putObject("channels");
        for (String name : new String[] {"storage", "index", "backup"}) {
            try {
                channels.put(name, channelId(name));
            } catch (NoSuchElementException e) {
                channels.putNull(name);
            }
        }
        return o;
    }

    /** Stops serving and closes the state (an in-memory emulator's files are deleted). */
    @Override
    public void close() {
        server.close();
        try {
            store.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot close the emulator state", e);
        }
    }
}
