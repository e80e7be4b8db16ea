package dev.dos.app.cli;

import dev.dos.app.s3.S3Keys;
import dev.dos.app.store.StoreSession;
import dev.dos.core.config.DosPaths;
import dev.dos.s3.S3Credentials;
import dev.dos.s3.S3Server;
import dev.dos.s3.engine.DiscordObjectStore;
import dev.dos.s3.engine.LeaseRefusedException;
import dev.dos.s3.engine.S3StoreOptions;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dos serve s3}: an S3-compatible endpoint onto the store (docs/S3.md) until killed. One
 * gateway writes a store at a time: a second one, here or elsewhere, is refused.
 */
@Command(name = "s3", mixinStandardHelpOptions = true,
        description = {"Serve an S3-compatible endpoint onto the store (docs/S3.md) until killed.",
                "aws-cli, rclone, restic and the AWS SDKs store through it; objects are encrypted and kept on",
                "Discord like batches. Prints the endpoint, region and access keys (made once, kept owner-only",
                "in the config folder). One gateway writes a store at a time."})
final class ServeS3Command extends StoreCommand {
    @Option(names = "--port", defaultValue = "9000", description = "Port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = WebCommand.LOOPBACK,
            description = "Address to listen on. Anything but loopback exposes the store to the network"
                    + " (plain http). Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--json", description = "Print one JSON line {\"endpoint\",\"access_key\",\"secret_key\",\"region\"} and serve.")
    boolean json;

    @Option(names = "--new-keys", description = "Replace the access keys first; the old ones stop working.")
    boolean newKeys;

    @Option(names = "--region", defaultValue = S3Credentials.DEFAULT_REGION,
            description = "The region named to clients (any region signs correctly). Default: ${DEFAULT-VALUE}.")
    String region;

    @Option(names = "--transfers", defaultValue = "4", paramLabel = "N",
            description = "Lanes (Discord threads) a new store writes over, 1 to 16; fixed once the store exists."
                    + " Default: ${DEFAULT-VALUE}.")
    int transfers;

    @Override
    int run(StoreSession session) throws Exception {
        if (port < 0 || port > 65_535) {
            throw new UserError(ExitCode.USAGE, "--port must be between 0 and 65535");
        }
        if (transfers < 1 || transfers > S3StoreOptions.MAX_LANES) {
            throw new UserError(ExitCode.USAGE, "--transfers must be between 1 and " + S3StoreOptions.MAX_LANES);
        }
        if (!InetAddress.getByName(bind).isLoopbackAddress()) {
            root.context.err().println("warning: serving on " + bind + ": anyone who can reach it with the access"
                    + " keys controls this store; traffic is not encrypted (put a TLS proxy in front)");
        }
        DosPaths paths = DosPaths.resolve(root.context.env(), root.configDir, root.dataDir);
        S3Credentials keys = newKeys ? S3Keys.replace(paths.configDir(), region)
                : S3Keys.loadOrCreate(paths.configDir(), region, root.context.err()::println);
        if (newKeys) {
            root.context.err().println("dos serve s3: made new access keys in "
                    + paths.configDir().resolve(S3Keys.FILE_NAME) + "; the old ones no longer work");
        }
        DiscordObjectStore store;
        try {
            store = DiscordObjectStore.open(session.repository().remote(), session.repository().key(),
                    session.s3Directory(), S3StoreOptions.defaults().withLanes(transfers));
        } catch (LeaseRefusedException e) {
            throw new UserError(ExitCode.CONFLICT, e.getMessage());
        }
        S3Server server;
        try {
            server = S3Server.start(store, keys, bind, port);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Stop taking requests, then let the store post what it holds and release its lease.
            server.close();
            try {
                store.close();
            } catch (java.io.IOException e) {
                System.err.println("dos serve s3: closing the store: " + e.getMessage());
            }
            stopped.countDown();
        }, "dos-serve-s3-stop"));
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("endpoint", server.endpoint().toString());
            out.put("access_key", keys.accessKeyId());
            out.put("secret_key", keys.secretKey());
            out.put("region", keys.region());
            printJson(out);
        } else {
            out().println("dos serve s3: serving " + server.endpoint() + " (path-style, region " + keys.region() + ")");
            out().println("access key: " + keys.accessKeyId());
            out().println("secret key: " + keys.secretKey());
            out().println("e.g. AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... aws --endpoint-url "
                    + server.endpoint() + " s3 ls; stop with Ctrl-C");
        }
        out().flush();
        stopped.await();
        return ExitCode.OK;
    }
}
