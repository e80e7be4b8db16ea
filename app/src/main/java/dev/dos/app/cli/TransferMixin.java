package dev.dos.app.cli;

import dev.dos.core.ops.TransferOptions;
import dev.dos.core.ops.TransferPolicy;
import picocli.CommandLine.Option;

/** {@code --transfers N} and {@code --bwlimit RATE}, shared by the commands that move chunks. */
final class TransferMixin {
    @Option(names = "--transfers", paramLabel = "N", defaultValue = "" + TransferOptions.DEFAULT_TRANSFERS,
            description = "Chunks moved at once, 1 to " + TransferOptions.MAX_TRANSFERS
                    + "; uploads spread posts over as many threads. Default: ${DEFAULT-VALUE}.")
    int transfers;

    @Option(names = "--bwlimit", paramLabel = "RATE",
            description = "Cap chunk bytes per second, both directions, e.g. 5M or 500K (K, M, G = 1024^n).")
    String bwlimit;

    /** The command's policy: the operations take its options and run on its paced repository. */
    TransferPolicy policy() {
        return new TransferPolicy(options(transfers, bwlimit));
    }

    /** Checks {@code --transfers} and {@code --bwlimit} (null: no cap) as a usage error. */
    static TransferOptions options(int transfers, String bwlimit) {
        if (transfers < 1 || transfers > TransferOptions.MAX_TRANSFERS) {
            throw new UserError(ExitCode.USAGE, "--transfers must be 1 to " + TransferOptions.MAX_TRANSFERS
                    + ", got " + transfers);
        }
        long rate;
        try {
            rate = bwlimit == null ? 0 : TransferOptions.parseRate(bwlimit);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, "--bwlimit: " + e.getMessage());
        }
        return new TransferOptions(transfers, rate);
    }
}
