package dev.dos.discord.internal;

import dev.dos.discord.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * A request body as a list of byte arrays sent one after the other, so that file bytes are sent
 * from the caller's arrays without being copied into one buffer. Can be sent any number of
 * times (each retry sends it again).
 */
public record RequestBody(String contentType, List<byte[]> parts) {

    public RequestBody {
        parts = List.copyOf(parts);
    }

    public static RequestBody json(Object value) {
        try {
            return new RequestBody("application/json", List.of(Json.MAPPER.writeValueAsBytes(value)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public long length() {
        long length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        return length;
    }

    HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(parts), length());
    }
}
