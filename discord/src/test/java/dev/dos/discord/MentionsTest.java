package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.testing.Reliability;
import dev.dos.emulator.Exchange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every message dos posts or edits mentions no one: a batch id or a card edit never pings anybody. */
class MentionsTest {

    @Test
    @Tag(Reliability.TAG)
    void everyPostAndEditSendsAllowedMentionsWithNothingToParse() throws Exception {
        List<Exchange> writes = new CopyOnWriteArrayList<>();
        try (DiscordFixture discord = DiscordFixture.start(DiscordFixture.quiet().exchangeListener(e -> {
            if (e.route() != null && e.route().matches("(POST|PATCH) /channels/\\{channel.id}/messages.*")) {
                writes.add(e);
            }
        }));
             DiscordRemote remote = discord.remote()) {
            String index = remote.areaId(StorageRemote.Area.INDEX);
            String thread = remote.createContainer("dos-mentions");
            Post card = remote.post(index, "@everyone <@&1> <@1> card text", List.of());
            remote.post(thread, "", List.of(new BlobUpload("c.bin", new byte[] {1, 2, 3})));
            remote.editText(index, card.id(), "@here edited");
        }

        assertThat(writes).hasSize(3).allSatisfy(e -> {
            assertThat(e.requestJson()).as("request body of %s", e.route()).isNotNull();
            assertThat(e.requestJson().path("allowed_mentions").path("parse").isArray()).isTrue();
            assertThat(e.requestJson().path("allowed_mentions").path("parse")).isEmpty();
        });
        Reliability.record("trust-mentions", "trust", "post and edit texts holding @everyone, @here, a role and a user mention",
                3, 3, "all 3 requests sent allowed_mentions {\"parse\": []}: no one is notified",
                Reliability.mvnTest("discord", "MentionsTest#everyPostAndEditSendsAllowedMentionsWithNothingToParse"));
    }
}
