package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.RemoteException;
import dev.dos.discord.ActiveThreadLimitException;
import dev.dos.discord.ThreadArchivedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
    private static final String TOKEN = "MTIz.secret-token.value";
    private final ErrorMapper mapper = new ErrorMapper(new Redactor(TOKEN));
    private final Call post = Call.of(Route.CREATE_MESSAGE, "555");

    private RemoteException map(Call call, int status, String body) {
        return mapper.map(call, status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unauthorizedSaysTheTokenWasRejected() {
        RemoteException e = map(post, 401, "{\"message\": \"401: Unauthorized\", \"code\": 0}");

        assertThat(e).isInstanceOf(RemoteException.Unauthorized.class)
                .hasMessage("Discord rejected the bot token (401)");
    }

    @Test
    void missingPermissionsNameTheChannelAndWhatTheRouteNeeds() {
        RemoteException e = map(post, 403, "{\"message\": \"Missing Permissions\", \"code\": 50013}");

        assertThat(e).isInstanceOf(RemoteException.Forbidden.class)
                .hasMessageContaining("post a message in channel 555")
                .hasMessageContaining("50013")
                .hasMessageContaining("ATTACH_FILES")
                .hasMessageContaining("SEND_MESSAGES");
    }

    @Test
    void missingAccessNamesViewChannel() {
        RemoteException e = map(Call.of(Route.GET_MESSAGE, "555", "777"), 403,
                "{\"message\": \"Missing Access\", \"code\": 50001}");

        assertThat(e).isInstanceOf(RemoteException.Forbidden.class)
                .hasMessageContaining("no access to channel 555").hasMessageContaining("VIEW_CHANNEL");
    }

    @Test
    void unknownThingsAreNotFound() {
        RemoteException e = map(Call.of(Route.GET_MESSAGE, "555", "777"), 404,
                "{\"message\": \"Unknown Message\", \"code\": 10008}");

        assertThat(e).isInstanceOf(RemoteException.NotFound.class)
                .hasMessage("Discord refused to read message 777 in channel 555 (404, code 10008 Unknown Message)");
    }

    @Test
    void entityTooLargeIsTooLarge() {
        assertThat(map(post, 413, "{\"message\": \"Request entity too large\", \"code\": 40005}"))
                .isInstanceOf(RemoteException.TooLarge.class);
        assertThat(map(post, 413, "<html>too big</html>")).isInstanceOf(RemoteException.TooLarge.class);
    }

    @Test
    void invalidFormBodyListsTheFieldErrors() {
        RemoteException e = map(post, 400, """
                {"code": 50035, "message": "Invalid Form Body", "errors": {
                  "content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}]},
                  "attachments": {"0": {"filename": {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}}}
                }}""");

        assertThat(e).isInstanceOf(RemoteException.Rejected.class)
                .hasMessageContaining("content: Must be 2000 or fewer in length.")
                .hasMessageContaining("attachments.0.filename: This field is required")
                .hasMessageNotContaining("\n");
    }

    @Test
    void threadCodesHaveTheirOwnTypes() {
        assertThat(map(Call.of(Route.CREATE_THREAD, "1"), 400,
                "{\"message\": \"Maximum number of active threads reached\", \"code\": 160006}"))
                .isInstanceOf(ActiveThreadLimitException.class)
                .hasMessageContaining("1000 active threads");
        assertThat(map(Call.of(Route.EDIT_MESSAGE, "1", "2"), 400,
                "{\"message\": \"Thread is archived\", \"code\": 50083}"))
                .isInstanceOf(ThreadArchivedException.class);
        assertThat(map(post, 403, "{\"message\": \"Thread is locked\", \"code\": 160005}"))
                .isInstanceOf(RemoteException.Forbidden.class).hasMessageContaining("locked");
    }

    @Test
    void theTokenNeverAppearsEvenWhenDiscordEchoesIt() {
        RemoteException e = map(post, 400, "{\"message\": \"bad header Bot " + TOKEN + "\", \"code\": 50109}");

        assertThat(e.getMessage()).doesNotContain(TOKEN).contains("<token>");
    }

    @Test
    void aBodyThatIsNotJsonStillGivesAClearError() {
        assertThat(map(post, 403, "<html>\n<body>Cloudflare</body>\n</html>"))
                .isInstanceOf(RemoteException.Forbidden.class)
                .hasMessage("Discord refused to post a message in channel 555 (403)");
    }
}
