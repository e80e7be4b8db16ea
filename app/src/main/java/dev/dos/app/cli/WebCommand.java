package dev.dos.app.cli;

import dev.dos.app.store.StoreSession;
import dev.dos.app.web.AccessToken;
import dev.dos.app.web.WebOptions;
import dev.dos.app.web.WebServer;
import dev.dos.core.config.DosConfig;
import dev.dos.core.config.DosPaths;
import java.net.InetAddress;
import java.util.LinkedHashMap;
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

    @Override
    int run(StoreSession session) throws Exception {
        if (port < 0 || port > 65_535) {
            throw new UserError(ExitCode.USAGE, "--port must be between 0 and 65535");
        }
        if (!InetAddress.getByName(bind).isLoopbackAddress()) {
            root.context.err().println("warning: serving on " + bind + ": anyone who can reach it and has the"
                    + " access token controls this store; traffic is not encrypted");
        }
        DosPaths paths = DosPaths.resolve(root.context.env(), root.configDir, root.dataDir);
        AccessToken token = AccessToken.loadOrCreate(paths.configDir());
        WebOptions options = new WebOptions(bind, port, session.webStagingDirectory(), session.backupDirectory(),
                DosConfig.load(paths, root.context.env()).webRoots());
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
}
