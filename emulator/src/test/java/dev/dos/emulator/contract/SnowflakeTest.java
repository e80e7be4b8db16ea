package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.Live;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ids are strings holding Discord snowflakes that encode their creation time. */
@Live
class SnowflakeTest extends EmulatorContract {

    @Test
    void idsAreJsonStringsOfDigits() {
        JsonNode m = postFiles(storage, "ids", new byte[] {1});

        for (JsonNode id : List.of(m.path("id"), m.path("channel_id"), m.path("author").path("id"),
                m.path("attachments").get(0).path("id"))) {
            assertThat(id.isTextual()).as(id.toString()).isTrue();
            assertThat(id.asText()).matches("\\d+");
        }
    }

    @Test
    void aMessageIdEncodesTheMomentItWasCreatedOnTheDiscordEpoch() {
        Instant before = Instant.now().minus(target.slack(Duration.ofMillis(5)));

        String id = postText(storage, "now").path("id").asText();

        Instant after = Instant.now().plus(target.slack(Duration.ofMillis(5)));
        assertThat(Snowflakes.timestampOf(id)).isBetween(before, after);
    }

    @Test
    void theMessageTimestampAgreesWithItsId() {
        JsonNode m = postText(storage, "when");

        Instant fromId = Snowflakes.timestampOf(m.path("id").asText());
        Instant stated = OffsetDateTime.parse(m.path("timestamp").asText()).toInstant();

        assertThat(Duration.between(fromId, stated).abs()).isLessThanOrEqualTo(Duration.ofMillis(1));
    }

    @Test
    void idsStrictlyIncreaseEvenWithinOneMillisecond() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(Long.parseUnsignedLong(postText(storage, "n" + i).path("id").asText()));
        }

        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
        }
    }

    @Test
    void attachmentIdsAreSnowflakesToo() {
        Instant before = Instant.now().minus(target.slack(Duration.ofMillis(5)));

        JsonNode attachment = postFiles(storage, "a", new byte[] {1}).path("attachments").get(0);

        assertThat(Snowflakes.timestampOf(attachment.path("id").asText()))
                .isBetween(before, Instant.now().plus(target.slack(Duration.ofMillis(5))));
    }

    @Test
    @InLiveChannel
    void fixedIdsOfGuildAndChannelsAreValidSnowflakesFromThePast() {
        for (String id : List.of(target.guildId(), storage, target.channelId("index"), target.channelId("backup"))) {
            assertThat(Snowflakes.timestampOf(id)).isAfter(Instant.parse("2015-01-01T00:00:00Z"))
                    .isBefore(Instant.now().plusSeconds(1));
        }
    }
}
