package dev.dos.bench;

import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import dev.dos.emulator.EmulatorAdmin;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.s3.S3Credentials;
import dev.dos.s3.S3Server;
import dev.dos.s3.engine.DiscordObjectStore;
import dev.dos.s3.engine.S3StoreOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Figure 7: the S3 gateway (docs/S3.md) against the CLI's own upload and restore, on the same
 * emulator with Discord's limits and the same added latency as figure 2, in the same run. One large
 * incompressible object goes through the AWS SDK for Java v2: one PUT (as restic sends its packs
 * and rclone files under its 200 MiB cutoff) and a GET of it, which make the ratios; then, printed
 * beside them, as aws-cli sends a large file: a multipart upload of 8 MiB parts, {@code transfers}
 * of them at a time (aws-cli's {@code multipart_chunksize} default; it runs 10 at once), and its GET. The gateway writes over as
 * many lanes as the CLI uses threads. Then, when Debian's {@code restic} is installed, the time a
 * restic backup of 1,000 small files takes through the gateway (restic's own baseline being a local
 * repository, measured alike).
 */
final class S3Figure {
    /** aws-cli's default part size (multipart_chunksize). */
    static final long PART = 8L * 1024 * 1024;
    private static final S3Credentials KEYS = S3Credentials.generate(S3Credentials.DEFAULT_REGION);

    record Result(double putVsUpload, double getVsRestore, double resticBackupSeconds, double resticLocalSeconds) {
    }

    private final Scale scale;
    private final Path work;
    private final PrintStream out;

    S3Figure(Scale scale, Path work, PrintStream out) {
        this.scale = scale;
        this.work = work;
        this.out = out;
    }

    Result run() throws Exception {
        out.printf("== 7. the S3 gateway vs the CLI (Discord's limits, +%d ms per request)%n", scale.latency().toMillis());
        Path input = work.resolve("s3-object/object.bin");
        long bytes = Inputs.writeOne(input, Inputs.Kind.INCOMPRESSIBLE, scale.transferBytes(), 17);
        RateLimitConfig limits = RateLimitConfig.discordDefaults();
        FaultConfig faults = FaultConfig.builder().latency(scale.latency()).build();
        int transfers = scale.transfers().transfers();
        try (EmulatedStore store = EmulatedStore.start(limits, faults, work.resolve("s3-cli.db"))) {
            EmulatorAdmin admin = store.emulator().admin();
            store.repo().remote().limits();

            long start = System.nanoTime();
            UploadResult up = new UploadOperation(store.repo(), scale.transfers()).upload(List.of(input),
                    UploadOptions.defaults(), ProgressListener.NONE);
            double cliUp = seconds(start);
            Path restored = work.resolve("s3-cli-restored");
            start = System.nanoTime();
            RestoreOperation.Report down = new RestoreOperation(store.repo(), scale.transfers()).restore(up.batchId(),
                    restored, List.of(), false, ProgressListener.NONE);
            double cliDown = seconds(start);
            if (down.result().hasFailures() || down.result().restoredBytes() != bytes
                    || Files.mismatch(restored.resolve(input.getFileName()), input) != -1) {
                throw new IOException("the CLI's restore did not restore the input: " + down.result());
            }
            Inputs.delete(restored);

            admin.clearRequests();
            double put;
            double get;
            double multipart;
            double multipartGet;
            Path fetched = work.resolve("s3-fetched");
            try (DiscordObjectStore s3store = DiscordObjectStore.open(store.repo().remote(), store.repo().key(),
                    work.resolve("s3-index"), S3StoreOptions.defaults().withLanes(transfers));
                 S3Server server = S3Server.start(s3store, KEYS, "127.0.0.1", 0);
                 S3Client client = client(server)) {
                client.createBucket(b -> b.bucket("bench"));
                start = System.nanoTime();
                client.putObject(b -> b.bucket("bench").key("single"), RequestBody.fromFile(input));
                put = seconds(start);
                start = System.nanoTime();
                client.getObject(b -> b.bucket("bench").key("single"), ResponseTransformer.toFile(fetched));
                get = seconds(start);
                checkSame(fetched, input);
                start = System.nanoTime();
                multipartPut(client, input, bytes, transfers);
                multipart = seconds(start);
                start = System.nanoTime();
                client.getObject(b -> b.bucket("bench").key("object"), ResponseTransformer.toFile(fetched));
                multipartGet = seconds(start);
                checkSame(fetched, input);
            }
            long tooMany = admin.requests().stream().filter(r -> r.status() == 429).count();
            double putRatio = cliUp / put;
            double getRatio = cliDown / get;
            out.printf("  %s object: CLI upload %s (%s), S3 PUT %s (%s)   ratio %s%n", Units.size(bytes),
                    Units.seconds(cliUp * 1e9), Units.rate(bytes / cliUp), Units.seconds(put * 1e9),
                    Units.rate(bytes / put), Units.ratio(putRatio));
            out.printf("  CLI restore %s (%s), S3 GET %s (%s)   ratio %s%n",
                    Units.seconds(cliDown * 1e9), Units.rate(bytes / cliDown), Units.seconds(get * 1e9),
                    Units.rate(bytes / get), Units.ratio(getRatio));
            out.printf("  as aws-cli: multipart PUT (%s parts, %d at a time) %s (%s)   ratio %s;"
                            + " its GET %s (%s)   ratio %s%n", Units.size(PART), transfers,
                    Units.seconds(multipart * 1e9), Units.rate(bytes / multipart), Units.ratio(cliUp / multipart),
                    Units.seconds(multipartGet * 1e9), Units.rate(bytes / multipartGet),
                    Units.ratio(cliDown / multipartGet));
            out.printf("  429 answers to the gateway: %d%n", tooMany);
            Result restic = restic();
            return new Result(putRatio, getRatio, restic.resticBackupSeconds(), restic.resticLocalSeconds());
        } finally {
            Inputs.delete(input.getParent());
        }
    }

    private static void checkSame(Path fetched, Path input) throws IOException {
        if (Files.size(fetched) != Files.size(input) || Files.mismatch(fetched, input) != -1) {
            throw new IOException("the S3 GET did not return the object that was PUT");
        }
        Inputs.delete(fetched);
    }

    /** As aws-cli sends a large file: create, parts of {@link #PART} bytes {@code parallel} at a time, complete. */
    private static void multipartPut(S3Client client, Path input, long bytes, int parallel) throws Exception {
        String upload = client.createMultipartUpload(b -> b.bucket("bench").key("object")).uploadId();
        int parts = (int) ((bytes + PART - 1) / PART);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<CompletedPart>> done = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                int number = i + 1;
                long offset = i * PART;
                long length = Math.min(PART, bytes - offset);
                done.add(pool.submit(() -> {
                    byte[] body = new byte[(int) length];
                    try (var channel = Files.newByteChannel(input)) {
                        channel.position(offset);
                        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(body);
                        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                            // fill the part
                        }
                    }
                    String etag = client.uploadPart(b -> b.bucket("bench").key("object").uploadId(upload)
                            .partNumber(number), RequestBody.fromBytes(body)).eTag();
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                }));
            }
            List<CompletedPart> completed = new ArrayList<>();
            for (Future<CompletedPart> f : done) {
                completed.add(f.get());
            }
            client.completeMultipartUpload(b -> b.bucket("bench").key("object").uploadId(upload)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * restic backing up {@code files} small files through the gateway (emulator with Discord's
     * limits, no added latency) and, as its baseline, to a local repository.
     */
    private Result restic() throws Exception {
        int files = scale.smoke() ? 100 : 1_000;
        if (!onPath("restic")) {
            out.println("  restic: NaN (restic is not installed; .ci/run installs Debian's restic)");
            return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        Path tree = work.resolve("restic-tree");
        for (int i = 0; i < files; i++) {
            Path file = tree.resolve("d" + (i % 20)).resolve("file-" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, ("small file " + i + " ").repeat(1 + i % 50), StandardCharsets.UTF_8);
        }
        try {
            double local = timedRestic(Map.of("RESTIC_REPOSITORY", work.resolve("restic-local").toString()), tree);
            try (EmulatedStore store = EmulatedStore.start(RateLimitConfig.discordDefaults(), FaultConfig.none(),
                    work.resolve("s3-restic.db"));
                 DiscordObjectStore s3store = DiscordObjectStore.open(store.repo().remote(), store.repo().key(),
                         work.resolve("s3-restic-index"), S3StoreOptions.defaults().withLanes(scale.transfers().transfers()));
                 S3Server server = S3Server.start(s3store, KEYS, "127.0.0.1", 0)) {
                double viaGateway = timedRestic(Map.of("RESTIC_REPOSITORY", "s3:" + server.endpoint() + "/restic",
                        "AWS_ACCESS_KEY_ID", KEYS.accessKeyId(), "AWS_SECRET_ACCESS_KEY", KEYS.secretKey(),
                        "AWS_DEFAULT_REGION", KEYS.region()), tree);
                out.printf("  restic backup of %d small files: through the gateway %s, to a local repository %s"
                        + " (restic %s)%n", files, Units.seconds(viaGateway * 1e9), Units.seconds(local * 1e9), resticVersion());
                return new Result(Double.NaN, Double.NaN, viaGateway, local);
            }
        } finally {
            Inputs.delete(tree);
        }
    }

    /** {@code restic init} (untimed), then the timed {@code restic backup} of {@code tree}. */
    private double timedRestic(Map<String, String> repository, Path tree) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(repository);
        env.put("RESTIC_PASSWORD", "bench");
        env.put("RESTIC_CACHE_DIR", work.resolve("restic-cache").toString());
        Launcher.measure(List.of("restic", "init"), env);
        return Launcher.measure(List.of("restic", "backup", "--quiet", tree.toString()), env).seconds();
    }

    private static String resticVersion() {
        try {
            Process p = new ProcessBuilder("restic", "version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            String[] words = v.split(" ");
            return words.length > 1 ? words[1] : v;
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static S3Client client(S3Server server) {
        return S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(KEYS.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEYS.accessKeyId(),
                        KEYS.secretKey())))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(5)).build())
                .build();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
