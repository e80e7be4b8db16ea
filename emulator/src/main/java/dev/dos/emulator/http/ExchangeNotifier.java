package dev.dos.emulator.http;

import dev.dos.emulator.Exchange;
import dev.dos.emulator.ExchangeListener;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each finished exchange to the {@link ExchangeListener}s, just before the answer leaves.
 * With no listener (the product's sandbox) nothing is built.
 */
final class ExchangeNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeNotifier.class);

    private final List<ExchangeListener> listeners;

    ExchangeNotifier(List<ExchangeListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** An API request a route (or the pipeline in front of it) answered. */
    void api(ApiCall call, String path) {
        if (listeners.isEmpty()) {
            return;
        }
        Context ctx = call.context();
        notify(new Exchange(Exchange.Kind.API, ctx.method().name(), path, query(ctx), call.route().key(),
                requestHeaders(ctx.req()), call.requestJson(), ctx.statusCode(), responseHeaders(ctx.res()),
                call.responseBody(), call.origin()));
    }

    /** An API path no route matched (404, or 405 for a known path with another method). */
    void unknownRoute(Context ctx, String path, byte[] body) {
        if (listeners.isEmpty()) {
            return;
        }
        notify(new Exchange(Exchange.Kind.API, ctx.method().name(), path, query(ctx), null,
                requestHeaders(ctx.req()), null, ctx.statusCode(), responseHeaders(ctx.res()), body,
                Exchange.Origin.ROUTE));
    }

    /** A CDN answer, once its status and headers are set (its body is streamed after). */
    void cdn(Context ctx, String route) {
        if (listeners.isEmpty()) {
            return;
        }
        notify(new Exchange(Exchange.Kind.CDN, ctx.method().name(), ctx.path(), query(ctx), route,
                requestHeaders(ctx.req()), null, ctx.statusCode(), responseHeaders(ctx.res()), null,
                Exchange.Origin.ROUTE));
    }

    private void notify(Exchange exchange) {
        for (ExchangeListener listener : listeners) {
            try {
                listener.exchanged(exchange);
            } catch (RuntimeException e) {
                LOG.warn("exchange listener {} failed on {} {}", listener, exchange.method(), exchange.path(), e);
            }
        }
    }

    private static String query(Context ctx) {
        String q = ctx.req().getQueryString();
        return q == null ? "" : q;
    }

    private static Map<String, String> requestHeaders(HttpServletRequest req) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            String key = name.toLowerCase(Locale.ROOT);
            String value = req.getHeader(name);
            headers.putIfAbsent(key, key.equals("authorization") ? masked(value) : value);
        }
        return headers;
    }

    private static Map<String, String> responseHeaders(HttpServletResponse res) {
        Map<String, String> headers = new HashMap<>();
        for (String name : res.getHeaderNames()) {
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), res.getHeader(name));
        }
        if (res.getContentType() != null) {
            headers.put("content-type", res.getContentType());
        }
        return headers;
    }

    private static String masked(String authorization) {
        int space = authorization.indexOf(' ');
        return space < 0 ? "<masked>" : authorization.substring(0, space) + " <masked>";
    }
}
