package dev.dos.app.cli;

import dev.dos.core.config.OwnerOnly;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.keys.RecoveryKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dos key export}: a recovery kit (docs/FORMAT.md section 15), for 'dos key import' on another machine. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a recovery kit: the wrapped key (the key file; it needs the passphrase) as text, to FILE"
                + " (mode 0600, never replacing a file) or standard output. Keep it apart from this machine.",
                "With --with-master-key the kit also holds the master key as a code (DOS1-XXXX-...) that needs no"
                        + " passphrase: anyone who sees it can read every batch. dos keeps no copy of it."})
final class KeyExportCommand extends KeySubcommand {
    @Option(names = "--with-master-key",
            description = "Add the master key as a printable code with a checksum (asks for the passphrase to unlock"
                    + " it: DOS_PASSPHRASE).")
    boolean withMasterKey;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Where to write the kit (default: standard output).")
    Path file;

    @Override
    int run() throws Exception {
        KeyFile sealed = readKeyFile();
        MasterKey key = null;
        if (withMasterKey) {
            char[] passphrase = passphrase("Passphrase of the key");
            try {
                key = sealed.unlock(passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }
        String kit = RecoveryKit.render(sealed, key, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        if (withMasterKey) {
            err().println("WARNING: the kit holds the master key as a code: anyone who has it can read every batch,"
                    + " without the passphrase. Keep it offline and guard it like the data itself; dos keeps no copy.");
        }
        if (file == null) {
            out().print(kit);
            out().flush();
            return ExitCode.OK;
        }
        try {
            OwnerOnly.write(file.toAbsolutePath(), kit.getBytes(StandardCharsets.UTF_8), false);
        } catch (FileAlreadyExistsException e) {
            throw new UserError(ExitCode.USAGE, file + " exists: the kit is never written over a file; name another");
        }
        out().println("Wrote the recovery kit for key " + sealed.fingerprint() + " to " + file + " (readable by you only)."
                + " Keep it apart from this machine; 'dos key import " + file + "' reads it back.");
        return ExitCode.OK;
    }
}
