package dev.dos.app.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs before every request (API, dashboard files, OpenAPI document, event streams): answers
 * {@code 421 misdirected_request} unless the {@code Host} header names this server, with the port
 * it listens on. A DNS rebinding attack points a name the attacker owns at 127.0.0.1, so the
 * attacker's page becomes "same-origin" with the server, but its requests still say
 * {@code Host: evil.example:8000}: they are refused here, before anything else looks at them.
 *
 * <p>Accepted names: {@code 127.0.0.1}, {@code localhost} and {@code [::1]}; when bound elsewhere
 * ({@code --bind}), also the bound address, and for a wildcard address (0.0.0.0, ::) the
 * addresses of this machine's interfaces. IP literals are compared as addresses (never looked
 * up); a port is always required.
 */
final class HostGuard implements Handler {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_BRACKETED = Pattern.compile("\\[[0-9a-f:.]+]");

    private final Set<String> names = new HashSet<>();
    private final Set<InetAddress> addresses = new HashSet<>();

    /** {@code bind}: the address the server listens on, as given to it. */
    HostGuard(String bind) {
        names.add("localhost");
        addresses.add(InetAddress.getLoopbackAddress());
        try {
            addresses.add(InetAddress.getByName("127.0.0.1"));
            addresses.add(InetAddress.getByName("::1"));
            InetAddress bound = InetAddress.getByName(bind);
            if (literal(bind.toLowerCase(Locale.ROOT)) == null && literal("[" + bind.toLowerCase(Locale.ROOT) + "]") == null) {
                names.add(bind.toLowerCase(Locale.ROOT)); // a host name given to --bind
            }
            if (bound.isAnyLocalAddress()) {
                NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses).forEach(addresses::add);
            } else {
                addresses.add(bound);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the address to listen on: " + bind, e);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(Context ctx) {
        if (!accepts(ctx.header("Host"), ctx.req().getLocalPort())) {
            throw new ApiError(421, "misdirected_request", "this server answers only to http://127.0.0.1:"
                    + ctx.req().getLocalPort() + " (or localhost, [::1]); the Host header named another");
        }
    }

    /** Whether {@code host} (a Host header, may be null) names this server listening on {@code port}. */
    boolean accepts(String host, int port) {
        if (host == null) {
            return false;
        }
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.endsWith("]") || !host.substring(colon + 1).equals(Integer.toString(port))) {
            return false;
        }
        String name = host.substring(0, colon).toLowerCase(Locale.ROOT);
        if (names.contains(name)) {
            return true;
        }
        InetAddress address = literal(name);
        return address != null && addresses.contains(address);
    }

    /** The address an IP literal ({@code 1.2.3.4} or {@code [::1]}) stands for, without any lookup; null for anything else. */
    private static InetAddress literal(String name) {
        try {
            var v4 = IPV4.matcher(name);
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(v4.group(i + 1));
                    if (part > 255 || (v4.group(i + 1).length() > 1 && v4.group(i + 1).startsWith("0"))) {
                        return null;
                    }
                    bytes[i] = (byte) part;
                }
                return InetAddress.getByAddress(bytes);
            }
            // Bracketed, getByName parses it as an IPv6 literal or fails; it never asks DNS.
            return IPV6_BRACKETED.matcher(name).matches() ? InetAddress.getByName(name) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
