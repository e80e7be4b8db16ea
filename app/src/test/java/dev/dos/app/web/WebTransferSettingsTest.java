package dev.dos.app.web;

import static dev.dos.app.web.WebFixture.json;
import static dev.dos.app.web.WebFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.core.ops.TransferOptions;
import dev.dos.core.remote.ThrottledRemote;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/settings/transfers}: the policy of the server's jobs, changed by the dashboard and kept in the index. */
class WebTransferSettingsTest {
    @TempDir
    Path home;
    WebFixture web;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(home, List.of(home));
    }

    @AfterEach
    void stop() {
        web.close();
    }

    @Test
    void aPutChangesThePolicyOfNewJobsAndTheNextServerStartsWithIt() throws Exception {
        JsonNode before = json(send(web.authed("/api/settings/transfers").GET()));
        assertThat(before.get("transfers").asInt()).isEqualTo(TransferOptions.DEFAULT_TRANSFERS);
        assertThat(before.get("bwlimit_bytes_per_second").asLong()).isZero();

        HttpResponse<String> put = put(web.server, "{\"transfers\":2,\"bwlimit\":\"5M\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).get("transfers").asInt()).isEqualTo(2);
        assertThat(json(put).get("bwlimit_bytes_per_second").asLong()).isEqualTo(5L << 20);
        assertThat(json(send(web.authed("/api/settings/transfers").GET())).toString()).isEqualTo(put.body());

        // Jobs run under it: their repository's remote is paced.
        TransferSettings kept = new TransferSettings(web.session.repository(), null);
        assertThat(kept.options()).isEqualTo(new TransferOptions(2, 5L << 20));
        assertThat(kept.repository().remote()).isInstanceOf(ThrottledRemote.class);
        JsonNode upload = web.upload(web.tree("paced"));
        assertThat(upload.get("state").asText()).as(upload.toString()).isEqualTo("succeeded");

        // A later server over the same index starts with the stored policy.
        WebServer next = web.start(web.session.repository(), List.of(home));
        JsonNode restarted = json(send(web.authed(next, "/api/settings/transfers").GET()));
        assertThat(restarted.get("transfers").asInt()).isEqualTo(2);

        // Left-out fields stay; "0" lifts the cap.
        HttpResponse<String> lifted = put(web.server, "{\"bwlimit\":\"0\"}");
        assertThat(json(lifted).get("transfers").asInt()).isEqualTo(2);
        assertThat(json(lifted).get("bwlimit_bytes_per_second").asLong()).isZero();
        assertThat(new TransferSettings(web.session.repository(), null).repository())
                .isSameAs(web.session.repository());
    }

    @Test
    void theServersOwnFlagsWinOverTheStoredPolicyAndReplaceIt() throws Exception {
        assertThat(put(web.server, "{\"transfers\":3}").statusCode()).isEqualTo(200);
        TransferSettings flagged = new TransferSettings(web.session.repository(), new TransferOptions(8, 0));
        assertThat(flagged.options().transfers()).isEqualTo(8);
        assertThat(new TransferSettings(web.session.repository(), null).options().transfers()).isEqualTo(8);
    }

    @Test
    void valuesOutOfRangeAreRefusedAndChangeNothing() throws Exception {
        for (String body : List.of("{\"transfers\":0}", "{\"transfers\":17}", "{\"transfers\":\"4\"}",
                "{\"bwlimit\":\"fast\"}", "{\"bwlimit\":5}", "{\"bwlimit_bytes_per_second\":-1}", "[]")) {
            HttpResponse<String> r = put(web.server, body);
            assertThat(r.statusCode()).as(body + ": " + r.body()).isEqualTo(400);
            assertThat(json(r).get("code").asText()).isEqualTo("bad_request");
        }
        HttpResponse<String> untyped = send(web.authed("/api/settings/transfers")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"transfers\":2}")));
        assertThat(untyped.statusCode()).isEqualTo(415);
        assertThat(json(send(web.authed("/api/settings/transfers").GET())).get("transfers").asInt())
                .isEqualTo(TransferOptions.DEFAULT_TRANSFERS);
    }

    private HttpResponse<String> put(WebServer on, String body) throws Exception {
        return send(web.authed(on, "/api/settings/transfers").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }
}
