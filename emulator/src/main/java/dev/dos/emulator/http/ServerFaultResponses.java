package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.fault.ServerFault;
import java.nio.charset.StandardCharsets;

/**
 * Injected server errors, shaped like what clients of Discord actually receive: a JSON 500 from
 * the API, an HTML 502 page from Cloudflare, a plain-text 503 from the upstream proxy.
 */
final class ServerFaultResponses {
    private static final String BAD_GATEWAY_PAGE = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
            + "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n"
            + "</html>\r\n";
    private static final String UNAVAILABLE_TEXT =
            "upstream connect error or disconnect/reset before headers. reset reason: overflow";

    private ServerFaultResponses() {
    }

    static void write(ApiCall call, ServerFault fault) {
        switch (fault) {
            case INTERNAL_SERVER_ERROR -> call.json(500, internalServerError());
            case BAD_GATEWAY -> call.raw(502, "text/html", BAD_GATEWAY_PAGE.getBytes(StandardCharsets.UTF_8));
            case SERVICE_UNAVAILABLE -> call.raw(503, "text/plain", UNAVAILABLE_TEXT.getBytes(StandardCharsets.UTF_8));
            case NONE -> throw new IllegalArgumentException("no fault to write");
        }
    }

    static ObjectNode internalServerError() {
        ObjectNode body = Json.object();
        body.put("message", "500: Internal Server Error");
        body.put("code", 0);
        return body;
    }
}
