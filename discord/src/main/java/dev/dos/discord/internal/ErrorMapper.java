package dev.dos.discord.internal;

import dev.dos.core.remote.RemoteException;
import dev.dos.discord.ActiveThreadLimitException;
import dev.dos.discord.ThreadArchivedException;
import dev.dos.discord.api.ErrorBody;
import dev.dos.discord.api.Json;
import java.io.IOException;

/**
 * Turns a refused request into a one-line {@link RemoteException} that says what failed, why
 * (status, Discord code and message) and what to do. Messages never carry the token: they are
 * built from the route, the ids and Discord's error body, and {@link Redactor} runs over them.
 */
final class ErrorMapper {

    private final Redactor redactor;

    ErrorMapper(Redactor redactor) {
        this.redactor = redactor;
    }

    RemoteException map(Call call, int status, byte[] body) {
        ErrorBody error = parse(body);
        int code = error == null ? -1 : error.code();
        String discordSays = error == null || error.message() == null ? "" : error.message();
        String why = "(" + status + (code > 0 ? ", code " + code : "") + (discordSays.isBlank() ? "" : " " + discordSays) + ")";
        String failed = "Discord refused to " + call.action() + " " + why;
        String channel = call.ids().isEmpty() ? "" : call.ids().getFirst();
        return switch (status == 401 ? -401 : code) {
            case -401 -> new RemoteException.Unauthorized("Discord rejected the bot token (401)");
            case 50001 -> new RemoteException.Forbidden(clean(failed + ": the bot has no access to channel " + channel
                    + "; it needs " + call.route().permissions() + " there"));
            case 50013 -> new RemoteException.Forbidden(clean(failed + ": the bot lacks a permission in channel " + channel
                    + "; it needs " + call.route().permissions()));
            case 160005 -> new RemoteException.Forbidden(clean(failed + ": thread " + channel
                    + " is locked; unlock it or give the bot MANAGE_THREADS"));
            case 160006 -> new ActiveThreadLimitException(clean(failed + ": the guild has reached Discord's limit of"
                    + " 1000 active threads; seal (archive) finished batches to make room"));
            case 50083 -> new ThreadArchivedException(clean(failed + ": thread " + channel + " is archived"));
            case 40005 -> new RemoteException.TooLarge(clean(failed + ": a file is over the guild's upload limit"));
            case 50035 -> new RemoteException.Rejected(clean(failed + ": " + String.join("; ", error.fieldErrors())));
            default -> byStatus(status, failed);
        };
    }

    private RemoteException byStatus(int status, String failed) {
        return switch (status) {
            case 403 -> new RemoteException.Forbidden(clean(failed));
            case 404 -> new RemoteException.NotFound(clean(failed));
            case 413 -> new RemoteException.TooLarge(clean(failed + ": the request is over Discord's size limit"));
            default -> new RemoteException.Rejected(clean(failed));
        };
    }

    private static ErrorBody parse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : Json.MAPPER.readValue(body, ErrorBody.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** One line, no token. */
    private String clean(String message) {
        return redactor.redact(message.replaceAll("\\s+", " ").strip());
    }
}
