package dev.dos.emulator.http;

import io.javalin.http.HandlerType;
import java.util.List;

/** {@code /users/@me}, the guilds the bot is in, and its application (libraries read it when they start). */
final class UserRoutes {
    private UserRoutes() {
    }

    static List<ApiRoute> all(ApiServices s) {
        return List.of(
                ApiRoute.bot(HandlerType.GET, "/users/@me", call -> call.json(200, s.entities.botUser())),
                ApiRoute.bot(HandlerType.GET, "/applications/@me", call -> call.json(200, s.entities.application())),
                ApiRoute.bot(HandlerType.GET, "/users/@me/guilds", call -> {
                    var guilds = Json.array();
                    guilds.add(s.entities.partialGuild(s.store.guild(), s.access.guildWide()));
                    call.json(200, guilds);
                }));
    }
}
