package dev.dos.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a directory for the length of a test, so that the kernel itself answers
 * "no space left on device" (ENOSPC). Mounting needs root or CAP_SYS_ADMIN: see {@link #cannotMount}.
 */
public final class Tmpfs implements AutoCloseable {
    public final Path dir;

    /** Mounts a tmpfs with {@code options} (e.g. {@code size=64k,nr_inodes=100}) on {@code dir}, created if missing. */
    public Tmpfs(Path dir, String options) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        String out = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
        if (out != null) {
            throw new IOException("cannot mount a tmpfs on " + dir + ": " + out);
        }
    }

    /** Null if this process may mount a tmpfs (tried under {@code scratch}); else why not. */
    public static String cannotMount(Path scratch) throws InterruptedException {
        try (Tmpfs probe = new Tmpfs(scratch, "size=64k")) {
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    public void remount(String options) throws IOException, InterruptedException {
        String out = run("mount", "-o", "remount," + options, dir.toString());
        if (out != null) {
            throw new IOException("cannot remount " + dir + ": " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", dir.toString()) != null) {
            run("umount", "-l", dir.toString());
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : out.strip();
    }
}
