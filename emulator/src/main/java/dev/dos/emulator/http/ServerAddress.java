package dev.dos.emulator.http;

/**
 * The emulator's base URLs, known only once the server has bound its port (port 0 picks one),
 * so they are filled in after start and read when answering requests.
 */
public final class ServerAddress {
    private volatile int port = -1;

    public void bind(int boundPort) {
        this.port = boundPort;
    }

    public int port() {
        if (port < 0) {
            throw new IllegalStateException("the server is not started");
        }
        return port;
    }

    /** {@code http://127.0.0.1:PORT}: where the CDN routes live. */
    public String cdnUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:PORT/api/v10}. */
    public String apiUrl() {
        return cdnUrl() + ApiRoute.PREFIX;
    }
}
