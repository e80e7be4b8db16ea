package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchCardTest {
    private final BatchCard card = new BatchCard("0123456789abcdef0123456789abcdef", Instant.parse("2026-11-24T20:00:00.123Z"),
            "1574887676711141376", 3, 31_000_000, 52_000_000, 7, 1, "fedcba9876543210fedcba9876543210", null);

    @Test
    void aRenderedCardParsesBackToTheSameFacts() {
        assertThat(BatchCard.parse(card.render())).contains(card);
    }

    @Test
    void aLabelSurvivesTheRoundTrip() {
        BatchCard labelled = new BatchCard(card.batchId(), card.createdAt(), card.storageThread(), 3, 1, 1, 1, 1,
                card.keyFingerprint(), "holiday photos");
        assertThat(BatchCard.parse(labelled.render()).orElseThrow().label()).isEqualTo("holiday photos");
    }

    @Test
    void theCardFitsInOneDiscordMessageAndSaysWhereTheChunksAre() {
        assertThat(card.render()).hasSizeLessThan(2000).contains("<#1574887676711141376>").contains("3 chunks");
    }

    @Test
    void textThatIsNotACardOrIsMalformedIsNotMistakenForOne() {
        assertThat(BatchCard.parse("hello everyone")).isEmpty();
        assertThat(BatchCard.parse(null)).isEmpty();
        assertThat(BatchCard.parse(card.render().replace(" chunks=3", ""))).isEmpty();
        assertThat(BatchCard.parse(card.render().replace("created=2026", "created=notatime"))).isEmpty();
    }
}
