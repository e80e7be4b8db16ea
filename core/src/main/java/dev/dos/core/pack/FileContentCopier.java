package dev.dos.core.pack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Copies exactly the size a file had when it was listed (the tar header already promised that
 * many bytes), hashing what is stored. A file that shrinks or fails mid-read is padded with
 * zeros; one that grows is cut; both are reported. The hash always describes the stored bytes.
 */
final class FileContentCopier {
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Where read problems go; may throw to stop packing. */
    interface Reporter {
        void bytesRead(long bytes);

        void readFailed(Path path, IOException cause) throws IOException;

        void changed(Path path, String message);
    }

    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final Reporter reporter;

    FileContentCopier(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Copies {@code size} bytes of {@code in} to {@code out}; returns their SHA-256 in hex. */
    String copy(Path path, InputStream in, long size, OutputStream out) throws IOException {
        MessageDigest sha256 = sha256();
        long remaining = size;
        boolean failed = false;
        while (remaining > 0) {
            int n;
            try {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            } catch (IOException e) {
                reporter.readFailed(path, e);
                failed = true;
                break;
            }
            if (n < 0) {
                break;
            }
            sha256.update(buffer, 0, n);
            out.write(buffer, 0, n);
            remaining -= n;
            reporter.bytesRead(n);
        }
        if (remaining > 0) {
            reporter.changed(path, (failed ? "read failed" : "file shrank") + " after " + (size - remaining)
                    + " of " + size + " bytes; stored zeros for the rest");
            padWithZeros(remaining, sha256, out);
        } else if (grew(in)) {
            reporter.changed(path, "file grew while being read; stored its first " + size + " bytes");
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void padWithZeros(long count, MessageDigest sha256, OutputStream out) throws IOException {
        Arrays.fill(buffer, (byte) 0);
        while (count > 0) {
            int n = (int) Math.min(buffer.length, count);
            sha256.update(buffer, 0, n);
            out.write(buffer, 0, n);
            count -= n;
        }
    }

    private static boolean grew(InputStream in) {
        try {
            return in.read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
