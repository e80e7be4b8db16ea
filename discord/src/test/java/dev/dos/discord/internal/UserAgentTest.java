package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.emulator.spec.SpecValidator;
import org.junit.jupiter.api.Test;

class UserAgentTest {

    @Test
    void ourUserAgentIsDiscordsFormAndTheOneTheSpecValidationChecksRequestsOf() {
        // The test suite validates the requests of the client whose User-Agent starts so; if the two
        // drifted apart, our requests would silently go unchecked.
        assertThat(RestTransport.USER_AGENT).startsWith(SpecValidator.OUR_USER_AGENT)
                .matches("DiscordBot \\(https?://\\S+, [^)]+\\)");
    }
}
