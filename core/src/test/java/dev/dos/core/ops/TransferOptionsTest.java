package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransferOptionsTest {
    @Test
    void ratesReadWithBinaryUnitsAndOptionalSuffixes() {
        assertThat(TransferOptions.parseRate("5M")).isEqualTo(5L << 20);
        assertThat(TransferOptions.parseRate("500K")).isEqualTo(500L << 10);
        assertThat(TransferOptions.parseRate("1.5MiB/s")).isEqualTo(3L << 19);
        assertThat(TransferOptions.parseRate("2g")).isEqualTo(2L << 30);
        assertThat(TransferOptions.parseRate("800000")).isEqualTo(800_000);
        assertThat(TransferOptions.parseRate("0")).isZero();
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> TransferOptions.parseRate("fast")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferOptions.parseRate("-5M")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransferOptions(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransferOptions(TransferOptions.MAX_TRANSFERS + 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchGetsOneLanePerTransferButNoMoreThanItHasPosts() {
        assertThat(UploadOperation.lanesFor(5, 10_000_000, 2, 4)).isEqualTo(1);
        assertThat(UploadOperation.lanesFor(30_000_000, 10_000_000, 2, 4)).isEqualTo(2);
        assertThat(UploadOperation.lanesFor(1L << 40, 10_000_000, 2, 4)).isEqualTo(4);
        assertThat(UploadOperation.lanesFor(1L << 40, 10_000_000, 2, 1)).isEqualTo(1);
    }

    @Test
    void laneNamesParseBackToTheirBatchAndNumberAndAreNotTakenForABatchContainer() {
        var batch = dev.dos.core.format.BatchId.random();
        assertThat(RemoteNameParser.laneNumber(batch, RemoteNames.lane(batch, 3))).hasValue(3);
        assertThat(RemoteNameParser.containerBatch(RemoteNames.lane(batch, 3))).isEmpty();
        assertThat(RemoteNameParser.laneNumber(batch, RemoteNames.container(batch))).isEmpty();
    }
}
