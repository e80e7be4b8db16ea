package dev.dos.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dos.core.format.ChunkTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapBudgetTest {
    private static final long MIB = HeapBudget.MIB;
    /** An unboosted guild's post: two chunks of 10 MiB less the headroom. */
    private static final long POST = 2L * ChunkTarget.DEFAULT.bytes();
    /** A chunk at boost tier 3: 100 MiB less the headroom. */
    private static final long BOOSTED = ChunkTarget.forBlobLimit(100 * MIB).bytes();

    /** What the serial collector reports as maxMemory() for -Xmx{mib}m: less one survivor space (1/24 here). */
    private static long maxMemory(long mib) {
        return mib * MIB - mib * MIB / 24;
    }

    @Test
    void theLaunchersCapsHoldTheirTransfersOnAnUnboostedGuild() {
        // packaging/jvm-heap.sh: 96 MiB + 24 MiB per transfer
        for (int transfers = 1; transfers <= TransferOptions.MAX_TRANSFERS; transfers++) {
            long heap = maxMemory(96 + 24L * transfers);
            assertEquals(transfers, HeapBudget.transfersThatFit(heap, POST, HeapBudget.UPLOAD_EXTRA, transfers),
                    "upload, " + transfers + " transfers");
            assertEquals(transfers, HeapBudget.transfersThatFit(heap, ChunkTarget.DEFAULT.bytes(),
                    HeapBudget.RESTORE_EXTRA, transfers), "restore, " + transfers + " transfers");
        }
    }

    @Test
    void fewerTransfersWhenTheHeapHoldsFewer() {
        // 32 MiB fixed + (n + 2) posts of 100 MiB within 1 GiB: n = 7
        long fixed = HeapBudget.FIXED_MIB;
        assertEquals(7, HeapBudget.transfersThatFit(1024 * MIB, 100 * MIB, 2, 16));
        assertEquals(4, HeapBudget.transfersThatFit(1024 * MIB, 100 * MIB, 2, 4));
        assertEquals(1, HeapBudget.transfersThatFit((fixed + 300) * MIB, 100 * MIB, 2, 4));
        assertEquals(0, HeapBudget.transfersThatFit((fixed + 299) * MIB, 100 * MIB, 2, 4));
        assertEquals(0, HeapBudget.transfersThatFit(10 * MIB, 100 * MIB, 2, 4));
    }

    @Test
    void fitKeepsWhatFitsSilently() throws Exception {
        List<String> warnings = new ArrayList<>();
        TransferOptions asked = TransferOptions.defaults();
        assertSame(asked, HeapBudget.fit(asked, POST, HeapBudget.UPLOAD_EXTRA, "post", maxMemory(192), listener(warnings)));
        assertEquals(List.of(), warnings);
    }

    @Test
    void fitLowersTheTransfersAndSaysHowToRaiseTheHeap() throws Exception {
        List<String> warnings = new ArrayList<>();
        TransferOptions asked = new TransferOptions(4, 5000);
        TransferOptions got = HeapBudget.fit(asked, BOOSTED, HeapBudget.RESTORE_EXTRA, "chunk", 700 * MIB,
                listener(warnings));
        assertEquals(new TransferOptions(3, 5000), got); // 32 + 6 x 100 <= 700
        assertEquals(1, warnings.size());
        String line = warnings.getFirst();
        assertTrue(line.contains("using 3") && line.contains("DOS_JAVA_OPTS=-Xmx" + HeapBudget.suggestedMib(4,
                BOOSTED, HeapBudget.RESTORE_EXTRA) + "m") && !line.contains("\n"), line);
        assertTrue(HeapBudget.suggestedMib(4, BOOSTED, 3) * MIB >= HeapBudget.heapFor(4, BOOSTED, 3));
    }

    @Test
    void fitRefusesUpFrontWhenNotEvenOneTransferFits() {
        var e = assertThrows(HeapBudget.InsufficientHeapException.class, () -> HeapBudget.fit(TransferOptions.defaults(),
                BOOSTED, HeapBudget.UPLOAD_EXTRA, "post", maxMemory(192), listener(new ArrayList<>())));
        assertTrue(e.getMessage().contains("DOS_JAVA_OPTS=-Xmx"), e.getMessage());
    }

    private static ProgressListener listener(List<String> warnings) {
        return new ProgressListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };
    }
}
