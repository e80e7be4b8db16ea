package dev.dos.emulator.fault;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.eclipse.jetty.server.Request;

/**
 * Drops the TCP connection under a request the way a network fault would: the client sees a
 * reset or an early end of stream instead of a response (or instead of the rest of one).
 */
public final class ConnectionAborter {
    private ConnectionAborter() {
    }

    public static void abort(HttpServletRequest request) {
        Request.getBaseRequest(request).getHttpChannel()
                .abort(new IOException("dos emulator fault injection: connection reset"));
    }

    /** Thrown after {@link #abort} so the request goes no further; the pipeline swallows it. */
    public static final class Aborted extends RuntimeException {
        public Aborted() {
            super("connection aborted by fault injection", null, false, false);
        }
    }
}
