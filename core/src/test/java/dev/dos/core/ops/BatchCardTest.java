package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BatchCardTest {
    private final BatchCard card = new BatchCard("0123456789abcdef0123456789abcdef",
            Instant.parse("2026-11-24T20:00:00.123Z"), "1574887676711141376", 3, 1, "fedcba9876543210fedcba9876543210",
            List.of("1574887676711141377", "1574887676711141378"));

    @Test
    void aRenderedCardParsesBackToTheSameFacts() {
        assertThat(BatchCard.parse(card.render())).contains(card);
    }

    @Test
    void theCardFitsInOneDiscordMessageAndSaysWhereTheChunksAre() {
        assertThat(card.render()).hasSizeLessThan(2000).contains("<#1574887676711141376>").contains("3 in");
    }

    /**
     * docs/FORMAT.md section 9: on a card Discord sees random ids (batch, threads), the date, the
     * chunk count, the format version and the key fingerprint, and nothing else: no sizes, no entry
     * counts, no names, no label. Every token of the text must be one of those or fixed wording.
     */
    @Test
    void theCardTextHoldsOnlyWhatSection9AllowsDiscordToSee() {
        String text = card.render();
        String allowed = "\\*\\*dos|batch\\*\\*|`[0-9a-f]{32}`|created:|chunks:|in|<#\\d{17,20}>|```|dos-card|v2"
                + "|\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z|\\d{1,6}"
                + "|batch=[0-9a-f]{32}|created=\\S+Z|thread=\\d{17,20}|chunks=\\d+|format=\\d+|key=[0-9a-f]{32}"
                + "|lanes=\\d{17,20}(,\\d{17,20})*";
        for (String token : text.split("\\s+")) {
            assertThat(token).as("card token").matches(allowed);
        }
        Matcher fields = Pattern.compile("(\\w+)=").matcher(text);
        while (fields.find()) {
            assertThat(fields.group(1)).isIn("batch", "created", "thread", "chunks", "format", "key", "lanes");
        }
    }

    @Test
    void aVersion1CardIsStillReadAndItsClearSizesAndLabelAreIgnored() {
        String v1 = """
                **dos batch** `0123456789abcdef0123456789abcdef`
                label: holiday photos
                created: 2026-11-24T20:00:00.123Z
                stored: 29.6 MiB in 3 chunks (original 49.6 MiB, 7 entries)
                chunks: <#1574887676711141376>
                ```
                dos-card v1 batch=0123456789abcdef0123456789abcdef created=2026-11-24T20:00:00.123Z \
                thread=1574887676711141376 chunks=3 stored=31000000 original=52000000 entries=7 format=1 \
                key=fedcba9876543210fedcba9876543210
                ```""";

        assertThat(BatchCard.parse(v1)).contains(new BatchCard("0123456789abcdef0123456789abcdef",
                Instant.parse("2026-11-24T20:00:00.123Z"), "1574887676711141376", 3, 1,
                "fedcba9876543210fedcba9876543210"));
    }

    @Test
    void textThatIsNotACardOrIsMalformedIsNotMistakenForOne() {
        assertThat(BatchCard.parse("hello everyone")).isEmpty();
        assertThat(BatchCard.parse(null)).isEmpty();
        assertThat(BatchCard.parse(card.render().replace(" chunks=3", ""))).isEmpty();
        assertThat(BatchCard.parse(card.render().replace("created=2026", "created=notatime"))).isEmpty();
    }
}
