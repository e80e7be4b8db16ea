package dev.dos.app.cli;

import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root {@code dos} command without its subcommands: the global options, the context and
 * {@code --version}. {@link DosCommand} adds every subcommand (help, man pages, completion);
 * {@link Main} builds this root with only the subcommand a command line names, so that a command
 * pays for reflecting over its own options only (docs/PERFORMANCE.md, start-up).
 */
@Command(name = "dos", mixinStandardHelpOptions = true, versionProvider = DosRoot.Version.class,
        description = "Discord Object Store: encrypted, chunked, compressed archives on a Discord server.")
public class DosRoot implements Runnable {
    final CliContext context;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean debug;

    @Option(names = "--sandbox", scope = ScopeType.INHERIT,
            description = "Use the embedded Discord emulator (data under <data-dir>/sandbox); no token needed.")
    boolean sandbox;

    @Option(names = "--config-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Configuration directory (default: $DOS_CONFIG_DIR, $XDG_CONFIG_HOME/dos or ~/.config/dos).")
    java.nio.file.Path configDir;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Data directory (default: $DOS_DATA_DIR, $XDG_DATA_HOME/dos or ~/.local/share/dos).")
    java.nio.file.Path dataDir;

    public DosRoot(CliContext context) {
        this.context = context;
    }

    /** {@code dos} alone: the usage of the whole tree. */
    @Override
    public void run() {
        Main.fullCommandLine(context).usage(context.out());
    }

    /**
     * {@code dos --version}: the version, the commit it was built from and the on-wire format version
     * (docs/FORMAT.md), from {@code dev/dos/app/build.properties}, which the build writes (app/pom.xml).
     */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        static final String RESOURCE = "/dev/dos/app/build.properties";

        @Override
        public String[] getVersion() {
            Properties build = buildProperties();
            return new String[] {
                    "dos " + build.getProperty("version", "unknown"),
                    "commit " + build.getProperty("commit", "unknown"),
                    formatLine(BatchManifest.FORMAT_VERSION, ChunkFormat.VERSION),
                    "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }

        /** One number while manifest and chunk layout share it; both once they differ. */
        static String formatLine(int manifest, int chunk) {
            return manifest == chunk ? "format version " + manifest
                    : "format version: manifest " + manifest + ", chunk " + chunk;
        }

        static Properties buildProperties() {
            Properties p = new Properties();
            try (InputStream in = DosRoot.class.getResourceAsStream(RESOURCE)) {
                if (in != null) { // missing when run from classes an IDE compiled without the Maven build
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p;
        }
    }
}
