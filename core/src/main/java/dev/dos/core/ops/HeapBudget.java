package dev.dos.core.ops;

import java.io.IOException;
import java.util.Locale;

/**
 * How many transfers the JVM's heap holds. The launchers cap the heap per command from
 * {@code --transfers} at the chunk size of an unboosted guild (packaging/jvm-heap.sh: 96 MiB + 24 MiB
 * per transfer); a boosted guild's chunks are up to ten times larger, which only dos learns (from
 * the remote's limits, or the batch's chunks). So an operation asks {@link #fit} before it starts:
 * when the heap ({@link Runtime#maxMemory()}) cannot hold what the asked transfers need, it runs
 * with as many as fit and says so on one line, with how to raise the heap, instead of failing
 * half-way with an {@link OutOfMemoryError}; when not even one fits, it fails at once with that hint.
 *
 * <p>What a transfer holds, in units of its size:
 * <ul>
 *   <li>an upload (and a resume) holds {@code transfers + }{@value #UPLOAD_EXTRA} posts of chunks:
 *   one being posted per transfer, one waiting and one being filled ({@link ChunkPoster}), and the
 *   packer's buffers: the segment being encoded with its raw copy, and the one being sealed beside
 *   it with its sealed copy ({@code ChunkWriter}), a post's worth;</li>
 *   <li>a restore (download, verify, a stream) holds {@code transfers + }{@value #RESTORE_EXTRA}
 *   chunks: one downloading or waiting per transfer, the one last taken, and the decoder's copies
 *   of the one being read (GCM buffers the ciphertext, then the plaintext)
 *   ({@link ChunkPrefetcher}).</li>
 * </ul>
 * plus {@value #FIXED_MIB} MiB for everything else (index, manifest, HTTP client, class data).
 */
public final class HeapBudget {
    static final long MIB = 1024L * 1024;
    /**
     * Heap that is not chunks: the index's rows, the manifest, the HTTP client, buffers. Measured
     * (issue 16): a 1 GiB restore with 4 transfers kept 59 to 64 MB live after full collections
     * while holding 5 to 6 chunks of 9.9 MB, so 5 to 14 MB besides chunks; 32 MiB leaves twice
     * that. (It was 48 until the upload's packer held one more post: with 48 the launchers' caps
     * needed 16 MiB more heap for uploads, which the resident size showed one for one.)
     */
    static final long FIXED_MIB = 32;
    /** Posts an upload holds beyond one per transfer. */
    public static final int UPLOAD_EXTRA = 3;
    /** Chunks a restore holds beyond one per transfer. */
    public static final int RESTORE_EXTRA = 3;

    private HeapBudget() {
    }

    /** The heap {@code transfers} need when each holds units of {@code unitBytes}, {@code extra} more units besides. */
    static long heapFor(int transfers, long unitBytes, int extra) {
        return FIXED_MIB * MIB + (transfers + (long) extra) * unitBytes;
    }

    /**
     * The most transfers, at most {@code asked}, whose {@link #heapFor} fits in {@code maxHeap}: 0
     * when not even one does.
     */
    static int transfersThatFit(long maxHeap, long unitBytes, int extra, int asked) {
        long room = maxHeap - FIXED_MIB * MIB;
        if (unitBytes <= 0) {
            return asked;
        }
        long units = room <= 0 ? 0 : room / unitBytes;
        return (int) Math.max(0, Math.min(asked, units - extra));
    }

    /**
     * The {@code -Xmx} to suggest for {@code transfers}: {@link #heapFor} with a tenth more (the
     * serial collector's survivor space is not in {@code maxMemory()}), rounded up to 16 MiB.
     */
    static long suggestedMib(int transfers, long unitBytes, int extra) {
        long mib = (long) Math.ceil(heapFor(transfers, unitBytes, extra) * 1.1 / MIB);
        return (mib + 15) / 16 * 16;
    }

    /**
     * {@code asked}, with its transfers lowered to what {@code maxHeap} holds (one warning line to
     * {@code listener} when lowered).
     *
     * @param unitBytes the size of what each transfer holds: a post for uploads, the largest
     *                  chunk for restores
     * @param extra     {@link #UPLOAD_EXTRA} or {@link #RESTORE_EXTRA}
     * @param unit      what a unit is, for the message ("post", "chunk")
     * @throws InsufficientHeapException if not even one transfer fits
     */
    static TransferOptions fit(TransferOptions asked, long unitBytes, int extra, String unit, long maxHeap,
                               ProgressListener listener) throws InsufficientHeapException {
        int fits = transfersThatFit(maxHeap, unitBytes, extra, asked.transfers());
        if (fits == asked.transfers()) {
            return asked;
        }
        String heap = Sizes.human(maxHeap);
        String size = Sizes.human(unitBytes);
        long forAsked = suggestedMib(asked.transfers(), unitBytes, extra);
        if (fits == 0) {
            throw new InsufficientHeapException(String.format(Locale.ROOT,
                    "%ss of %s need more heap than this JVM's %s, even with 1 transfer: run with"
                            + " DOS_JAVA_OPTS=-Xmx%dm (%d transfers) or at least -Xmx%dm (1 transfer)",
                    unit, size, heap, forAsked, asked.transfers(), suggestedMib(1, unitBytes, extra)));
        }
        listener.warning(String.format(Locale.ROOT,
                "%d transfers of %ss of %s need more heap than this JVM's %s: using %d"
                        + " (DOS_JAVA_OPTS=-Xmx%dm gives room for %d)",
                asked.transfers(), unit, size, heap, fits, forAsked, asked.transfers()));
        return asked.withTransfers(fits);
    }

    /** {@link #fit} against this JVM's heap cap. */
    static TransferOptions fit(TransferOptions asked, long unitBytes, int extra, String unit, ProgressListener listener)
            throws InsufficientHeapException {
        return fit(asked, unitBytes, extra, unit, Runtime.getRuntime().maxMemory(), listener);
    }

    /** The heap cannot hold even one transfer of the chunks at hand; the message says how to raise it. */
    public static final class InsufficientHeapException extends IOException {
        public InsufficientHeapException(String message) {
            super(message);
        }
    }
}
