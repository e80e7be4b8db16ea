package dev.dos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.app.store.StoreSession;
import dev.dos.core.config.DosPaths;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One user's home for CLI tests: runs {@code dos --sandbox ...} in this JVM or as a child process
 * (a real JVM that a test can {@code kill -9}), and looks at what the sandbox stores.
 */
final class SandboxHome {
    static final String PASSPHRASE = "correct horse";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path home;

    SandboxHome(Path home) {
        this.home = home;
    }

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    Map<String, String> env() {
        return Map.of("HOME", home.toString(), "DOS_PASSPHRASE", PASSPHRASE);
    }

    Path database() {
        return DosPaths.resolve(env(), null, null).dataDir().resolve("sandbox").resolve(DosPaths.DATABASE_FILE_NAME);
    }

    /** The sandbox's data directory: its index, key, backups and the emulator's state. */
    Path dataDir() {
        return database().getParent();
    }

    /**
     * Creates the sandbox's key with {@link dev.dos.core.crypto.Argon2Params#TESTING} instead of the
     * default (64 MiB, three passes): every command unlocks the key, and a test that runs hundreds
     * of commands need not spend its time there. Call before the first command.
     */
    SandboxHome withTestingKey() throws IOException {
        Path keyFile = dataDir().resolve(DosPaths.KEY_FILE_NAME);
        if (!Files.exists(keyFile)) {
            dev.dos.core.config.OwnerOnly.createDirectories(dataDir());
            dev.dos.core.crypto.KeyFile.create(keyFile, PASSPHRASE.toCharArray(), dev.dos.core.crypto.Argon2Params.TESTING);
        }
        return this;
    }

    /** The embedded emulator's journal: it appends a line for every change it stores. */
    Path emulatorJournal() {
        return dataDir().resolve("emulator").resolve("journal.jsonl");
    }

    /** Where {@code dos backup} writes its files. */
    Path backups() {
        return dataDir().resolve(StoreSession.BACKUP_DIR_NAME);
    }

    /**
     * A copy of this home (key, index, backups and the emulator's state, not the logs) in
     * {@code target}: a template built once gives each trial its own identical store.
     */
    SandboxHome copyTo(Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path from : walk.toList()) {
                Path relative = home.relativize(from);
                if (relative.startsWith("logs")) {
                    continue;
                }
                Path to = target.resolve(relative.toString());
                if (Files.isDirectory(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        return new SandboxHome(target);
    }

    /** Runs {@code dos --sandbox args...} in this JVM. */
    Run dos(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), env());
        String[] all = Stream.concat(Stream.of("--sandbox"), Stream.of(args)).toArray(String[]::new);
        int code = Main.run(context, all);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Starts {@code dos --sandbox args...} as a child JVM with this test's classpath. */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--sandbox"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // The child's emulator reports spec mismatches where this JVM's do (DOS_SPEC_REPORT).
        builder.environment().keySet().removeIf(k -> (k.startsWith("DOS_") && !k.equals("DOS_SPEC_REPORT"))
                || k.startsWith("XDG_"));
        builder.environment().putAll(env());
        Path logs = Files.createDirectories(home.resolve("logs"));
        String name = args[0] + "-" + System.nanoTime();
        return builder.redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile()).start();
    }

    /** What a child wrote on stderr (the newest log of that command). */
    String childErr(String command) throws IOException {
        try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
            Path newest = logs.filter(p -> p.getFileName().toString().startsWith(command + "-")
                    && p.toString().endsWith(".err")).max(Path::compareTo).orElseThrow();
            return Files.readString(newest);
        }
    }

    /** The chunk attachment names in the batch's thread and lanes, its cards in the index, its threads named dos-<id>. */
    record Stored(List<String> chunkNames, int cards, int threads) {
    }

    Stored stored(String batchId, String threadId) throws IOException {
        try (StoreSession session = StoreSession.open(DosPaths.resolve(env(), null, null), env(), true, () -> null)) {
            var remote = session.repository().remote();
            List<String> names = new ArrayList<>();
            // The batch's thread and its lanes (docs/FORMAT.md, section 13): chunks may be in any.
            java.util.Set<String> containers = new java.util.LinkedHashSet<>();
            if (threadId != null) {
                containers.add(threadId);
            }
            remote.listContainers().stream().filter(c -> c.name().startsWith("dos-" + batchId + "-lane"))
                    .forEach(c -> containers.add(c.id()));
            for (String container : containers) {
                try {
                    for (Post post : remote.listPosts(container, null, 100)) {
                        post.blobs().stream().map(Blob::name).forEach(names::add);
                    }
                } catch (RemoteException.NotFound deleted) {
                    // no thread, no chunks
                }
            }
            int cards = 0;
            for (Post post : remote.listPosts(remote.areaId(dev.dos.core.remote.StorageRemote.Area.INDEX), null, 100)) {
                cards += post.text().contains(batchId) && post.text().contains("dos-card") ? 1 : 0; // not its deletion record
            }
            int threads = (int) remote.listContainers().stream().filter(c -> c.name().equals("dos-" + batchId)).count();
            return new Stored(names, cards, threads);
        }
    }

    /** A container on the remote: its name, and for each attachment name the posts that carry one. */
    record Container(String id, String name, Map<String, List<String>> postsByBlob) {
    }

    /** A post in the index area that parses as a batch card. */
    record Card(String postId, String batchId) {
    }

    /** Everything the sandbox's remote stores for batches: every container with its attachments, every card. */
    record Inventory(List<Container> containers, List<Card> cards) {
    }

    Inventory inventory() throws IOException {
        try (StoreSession session = StoreSession.open(DosPaths.resolve(env(), null, null), env(), true, () -> null)) {
            var remote = session.repository().remote();
            List<Container> containers = new ArrayList<>();
            for (var info : remote.listContainers()) {
                Map<String, List<String>> blobs = new TreeMap<>();
                dev.dos.core.remote.PostPages.forEach(remote, info.id(), null, post -> post.blobs().forEach(
                        blob -> blobs.computeIfAbsent(blob.name(), n -> new ArrayList<>()).add(post.id())));
                containers.add(new Container(info.id(), info.name(), blobs));
            }
            List<Card> cards = new ArrayList<>();
            dev.dos.core.remote.PostPages.forEach(remote, remote.areaId(dev.dos.core.remote.StorageRemote.Area.INDEX),
                    null, post -> dev.dos.core.ops.BatchCard.parse(post.text())
                            .ifPresent(card -> cards.add(new Card(post.id(), card.batchId()))));
            return new Inventory(containers, cards);
        }
    }

    /**
     * A small tree that packs into about 35 chunks of 2 KiB, so four posts of ten (some random
     * bytes, some text, an empty file). Kept small: the sandbox, like Discord, serves about five
     * attachment downloads a second.
     */
    static Path writeTree(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.write(dir.resolve("a.bin"), random(30_000, 1));
        Files.writeString(dir.resolve("sub/notes.txt"), "line of text that compresses well\n".repeat(3000));
        Files.write(dir.resolve("sub/deeper/c.bin"), random(36_000, 2));
        Files.createFile(dir.resolve("empty"));
        return dir;
    }

    /** Path, size and SHA-256 of every file under a root: equal maps mean equal bytes. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String key = root.relativize(p).toString().replace('\\', '/');
                out.put(key, Files.isDirectory(p) ? "dir" : Files.size(p) + " " + sha256(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
