package dev.dos.emulator.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decodes request paths before routing, as Discord (like any HTTP server) does: client
 * libraries send {@code /users/%40me} for {@code /users/@me}. An encoded slash ({@code %2F})
 * stays encoded so it cannot split a path segment; a malformed escape is left as it is.
 */
public final class DecodedPaths implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && http.getRequestURI().indexOf('%') >= 0) {
            String decoded = decode(http.getRequestURI());
            request = new HttpServletRequestWrapper(http) {
                @Override
                public String getRequestURI() {
                    return decoded;
                }
            };
        }
        chain.doFilter(request, response);
    }

    /** Decodes {@code %XX} escapes as UTF-8 bytes, keeping {@code %2F} and malformed escapes. */
    static String decode(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
        byte[] raw = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            int hi = i + 2 < raw.length && raw[i] == '%' ? Character.digit(raw[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(raw[i + 2], 16) : -1;
            int value = hi * 16 + lo;
            if (hi < 0 || lo < 0 || value == '/') {
                out.write(raw[i]);
            } else {
                out.write(value);
                i += 2;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
