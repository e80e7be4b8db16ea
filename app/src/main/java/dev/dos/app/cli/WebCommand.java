package dev.dos.app.cli;

import dev.dos.app.store.StoreSession;
import dev.dos.app.web.AccessToken;
import dev.dos.app.web.WebOptions;
import dev.dos.app.web.WebServer;
import dev.dos.core.config.DosConfig;
import dev.dos.core.config.DosPaths;
import dev.dos.core.ops.TransferOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dos web}: serves the HTTP API on localhost until killed. */
@Command(name = "web", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API (see docs/API.md) on 127.0.0.1 until killed.")
final class WebCommand extends StoreCommand {
    static final String LOOPBACK = "127.0.0.1";

    @Option(names = "--port", defaultValue = "8000", description = "Port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = LOOPBACK,
            description = "Address to listen on. Anything but loopback exposes the API to the network. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--json", description = "Print one JSON line {\"url\",\"token\"} and serve.")
    boolean json;

    @Option(names = "--transfers", paramLabel = "N", description = "Chunks each job moves at once, 1 to "
            + TransferOptions.MAX_TRANSFERS + " (as the CLI's --transfers). Default: what the dashboard last set,"
            + " else " + TransferOptions.DEFAULT_TRANSFERS + ".")
    Integer transfers;

    @Option(names = "--bwlimit", paramLabel = "RATE", description = "Cap chunk bytes per second of all jobs and"
            + " downloads together, e.g. 5M or 500K (K, M, G = 1024^n); 0: none. Default: what the dashboard last set, else none.")
    String bwlimit;

    @Option(names = "--new-token", description = "Replace the access token with a new one first; the old one"
            + " (and every session made with it) stops working.")
    boolean newToken;

    @Override
    int run(StoreSession session) throws Exception {
        if (port < 0 || port > 65_535) {
            throw new UserError(ExitCode.USAGE, "--port must be between 0 and 65535");
        }
        TransferOptions policy = transferOptions(); // usage errors before anything is changed
        if (!InetAddress.getByName(bind).isLoopbackAddress()) {
            root.context.err().println("warning: serving on " + bind + ": anyone who can reach it and has the"
                    + " access token controls this store; traffic is not encrypted");
        }
        Map<String, String> env = root.context.env();
        DosPaths paths = DosPaths.resolve(env, root.configDir, root.dataDir);
        AccessToken token;
        if (newToken) {
            token = AccessToken.replace(paths.configDir());
            root.context.err().println("dos web: made a new access token in " + paths.configDir().resolve(AccessToken.FILE_NAME)
                    + "; the old one no longer works");
        } else {
            token = AccessToken.loadOrCreate(paths.configDir(), root.context.err()::println);
        }
        if (root.sandbox) {
            StoreSession.checkConfigFiles(paths, root.context.err()::println); // read here for DOS_WEB_ROOTS only
        }
        DosConfig config = DosConfig.load(paths, env);
        List<Path> refused = new ArrayList<>(List.of(paths.configDir(), paths.dataDir()));
        if (config.keyFile() != null) {
            refused.add(config.keyFile());
        }
        WebOptions options = new WebOptions(bind, port, session.webStagingDirectory(), session.backupDirectory(),
                roots(config, env), refused, policy);
        try (WebServer server = WebServer.start(session.repository(), token, options)) {
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("url", server.url());
                out.put("token", token.value());
                printJson(out);
            } else {
                out().println("dos web: serving " + server.url());
                out().println("dashboard: " + server.url() + "/#token=" + token.value());
                out().println("access token: " + token.value());
                out().println("send it as 'Authorization: Bearer <token>'; stop with Ctrl-C");
            }
            out().flush();
            new CountDownLatch(1).await();
        }
        return ExitCode.OK;
    }

    /** The flags' policy (one flag alone keeps the other's default); null without either. */
    private TransferOptions transferOptions() {
        if (transfers == null && bwlimit == null) {
            return null;
        }
        return TransferMixin.options(transfers == null ? TransferOptions.DEFAULT_TRANSFERS : transfers, bwlimit);
    }

    /** DOS_WEB_ROOTS, or else the user's home folder. */
    private static List<Path> roots(DosConfig config, Map<String, String> env) {
        if (!config.webRoots().isEmpty()) {
            return config.webRoots();
        }
        String home = env.get("HOME");
        return List.of(Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home));
    }
}
