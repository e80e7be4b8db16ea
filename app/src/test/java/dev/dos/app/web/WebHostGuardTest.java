package dev.dos.app.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Host headers a server accepts for each address it may be bound to (WebSecurityTest attacks the running server). */
class WebHostGuardTest {
    private static final int PORT = 8000;

    @Test
    void onLoopbackOnlyOurThreeNamesWithOurPort() {
        HostGuard guard = new HostGuard("127.0.0.1");
        for (String host : List.of("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LocalHost:8000", "[0:0:0:0:0:0:0:1]:8000")) {
            assertTrue(guard.accepts(host, PORT), host);
        }
        for (String host : List.of("127.0.0.1", "localhost", "[::1]", "127.0.0.1:8001", "localhost:80", "evil.example:8000",
                "127.0.0.1.evil.example:8000", "localhost.:8000", "127.0.0.2:8000", "127.1:8000", "2130706433:8000",
                "0177.0.0.1:8000", "[::2]:8000", "[::1%lo]:8000", "0.0.0.0:8000", "", ":8000", "127.0.0.1:+8000",
                "192.0.2.1:8000")) {
            assertFalse(guard.accepts(host, PORT), host);
        }
        assertFalse(guard.accepts(null, PORT));
    }

    @Test
    void boundElsewhereTheBoundAddressToo() {
        HostGuard v4 = new HostGuard("192.0.2.1");
        assertTrue(v4.accepts("192.0.2.1:8000", PORT));
        assertTrue(v4.accepts("localhost:8000", PORT));
        assertFalse(v4.accepts("192.0.2.1:8001", PORT));
        assertFalse(v4.accepts("192.0.2.2:8000", PORT));
        assertFalse(v4.accepts("evil.example:8000", PORT));

        HostGuard v6 = new HostGuard("2001:db8::1");
        assertTrue(v6.accepts("[2001:db8::1]:8000", PORT));
        assertTrue(v6.accepts("[2001:DB8:0:0:0:0:0:1]:8000", PORT));
        assertFalse(v6.accepts("2001:db8::1:8000", PORT));
        assertFalse(v6.accepts("[2001:db8::2]:8000", PORT));

        // A wildcard bind: every address of this machine's interfaces (loopback among them), no names but ours.
        HostGuard any = new HostGuard("0.0.0.0");
        assertTrue(any.accepts("127.0.0.1:8000", PORT));
        assertFalse(any.accepts("0.0.0.0:8000", PORT));
        assertFalse(any.accepts("evil.example:8000", PORT));
        assertFalse(any.accepts("192.0.2.77:8000", PORT));
    }
}
