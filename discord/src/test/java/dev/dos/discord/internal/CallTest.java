package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallTest {

    @Test
    void idsFillThePathAndQueryValuesAreEncoded() {
        Call call = Call.of(Route.LIST_ARCHIVED_THREADS, "123")
                .withQuery("before", "2025-01-01T00:00:00+00:00")
                .withQuery("limit", "100");

        assertThat(call.target()).isEqualTo("/channels/123/threads/archived/public?before=2025-01-01T00%3A00%3A00%2B00%3A00&limit=100");
        assertThat(call.major()).isEqualTo("123");
        assertThat(call.action()).isEqualTo("list the archived threads of channel 123");
    }

    @Test
    void onlyDigitsMayEnterAPath() {
        assertThatThrownBy(() -> Call.of(Route.GET_CHANNEL, "123/../../users/@me"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Call.of(Route.GET_MESSAGE, "1", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Call.of(Route.GET_MESSAGE, "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routesWithoutIdsHaveNoMajorParameter() {
        assertThat(Call.of(Route.REFRESH_URLS).major()).isEmpty();
        assertThat(Call.of(Route.GET_MESSAGE, "5", "6").target()).isEqualTo("/channels/5/messages/6");
    }
}
