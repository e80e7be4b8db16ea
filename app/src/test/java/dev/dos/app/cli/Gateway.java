package dev.dos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code dos serve s3} running as a child JVM (the gateway serves until it is stopped, as a user
 * runs it), with the endpoint and keys it printed as its one JSON line, and an AWS SDK client for it.
 */
final class Gateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    final URI endpoint;
    final String accessKey;
    final String secretKey;
    final String region;
    private final Path err;

    private Gateway(Process process, JsonNode line, Path err) {
        this.process = process;
        this.endpoint = URI.create(line.path("endpoint").asText());
        this.accessKey = line.path("access_key").asText();
        this.secretKey = line.path("secret_key").asText();
        this.region = line.path("region").asText();
        this.err = err;
    }

    /**
     * Starts {@code dos <global...> serve s3 --port 0 --json <extra...>} with {@code env} (HOME and
     * DOS_PASSPHRASE at least) and waits for its JSON line; fails with its stderr if it exits first.
     */
    static Gateway start(Path logs, Map<String, String> env, List<String> global, String... extra) throws IOException {
        Started started = launch(logs, env, global, extra);
        Path out = started.out;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            if (text.contains("\n")) {
                return new Gateway(started.process, JSON.readTree(text.lines().findFirst().orElseThrow()), started.err);
            }
            try {
                if (started.process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("dos serve s3 exited " + started.process.exitValue() + ": "
                            + Files.readString(started.err));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        started.process.destroyForcibly();
        throw new AssertionError("dos serve s3 printed no endpoint within 120 s: " + Files.readString(started.err));
    }

    /** A gateway that must refuse to start: its exit code and stderr. */
    static EmulatedDiscord.Run refused(Path logs, Map<String, String> env, List<String> global) throws Exception {
        Started started = launch(logs, env, global);
        if (!started.process.waitFor(120, TimeUnit.SECONDS)) {
            started.process.destroyForcibly();
            throw new AssertionError("the second gateway did not stop: " + Files.readString(started.out));
        }
        return new EmulatedDiscord.Run(started.process.exitValue(), Files.readString(started.out),
                Files.readString(started.err));
    }

    private record Started(Process process, Path out, Path err) {
    }

    private static Started launch(Path logs, Map<String, String> env, List<String> global, String... extra)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(global);
        command.addAll(List.of("serve", "s3", "--port", "0", "--json"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> (k.startsWith("DOS_") && !k.equals("DOS_SPEC_REPORT"))
                || k.startsWith("XDG_") || k.startsWith("AWS_"));
        builder.environment().putAll(env);
        Files.createDirectories(logs);
        String name = "serve-s3-" + System.nanoTime();
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        return new Started(builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
    }

    S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The environment real clients (aws, restic) read their keys from. */
    Map<String, String> awsEnv() {
        return Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey, "AWS_DEFAULT_REGION", region,
                "AWS_REGION", region);
    }

    String stderr() throws IOException {
        return Files.readString(err);
    }

    /** Stops the gateway as Ctrl-C or a service manager would (SIGTERM), and waits for it to have let go. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dos serve s3 did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
    }
}
