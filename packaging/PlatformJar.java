import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Copies the shaded jar keeping the native libraries of one platform only (run by packaging/build-dist
 * as a single-file program: {@code java PlatformJar.java IN OUT linux/x86_64}).
 *
 * <p>sqlite-jdbc, zstd-jni and JLine each carry a native library for some 25 platforms, about 35 MB of
 * the 43 MB jar. A linux-x64 release needs one of each; they sit in folders ending in
 * {@code Linux/x86_64} (sqlite-jdbc, JLine) or {@code linux/amd64} (zstd-jni). Musl and Android builds
 * are dropped too: the bundled runtime is glibc's. Everything else is copied unchanged, in order.
 */
public final class PlatformJar {
    private PlatformJar() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[2].equals("linux/x86_64")) {
            System.err.println("usage: java PlatformJar.java IN.jar OUT.jar linux/x86_64");
            System.exit(2);
        }
        int kept = 0;
        int dropped = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(Path.of(args[0])));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(Path.of(args[1])))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (isNativeLibrary(e.getName()) && !isLinuxX64(e.getName())) {
                    dropped++;
                    continue;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                in.transferTo(out);
                out.closeEntry();
                if (isNativeLibrary(e.getName())) {
                    kept++;
                }
            }
        }
        System.out.printf("PlatformJar: kept %d native libraries for linux/x86_64, dropped %d%n", kept, dropped);
        if (kept == 0) {
            System.err.println("PlatformJar: no linux/x86_64 native library found; the jar layout changed?");
            System.exit(1);
        }
    }

    static boolean isNativeLibrary(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib");
    }

    /** The library's folder ends in linux/x86_64 or linux/amd64 (any case). */
    static boolean isLinuxX64(String name) {
        String[] parts = name.toLowerCase(Locale.ROOT).split("/");
        if (parts.length < 3) {
            return false;
        }
        String os = parts[parts.length - 3];
        String arch = parts[parts.length - 2];
        return os.equals("linux") && (arch.equals("x86_64") || arch.equals("amd64"));
    }
}
