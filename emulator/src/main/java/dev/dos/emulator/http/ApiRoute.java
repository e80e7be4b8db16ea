package dev.dos.emulator.http;

import dev.dos.emulator.ratelimit.RouteKind;
import io.javalin.http.HandlerType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One API route as Discord documents it, e.g. {@code POST /channels/{channel.id}/messages}.
 *
 * @param auth who may call it: the bot (Authorization: Bot token) or anyone holding the URL (webhooks)
 * @param kind which configured rate limit applies
 */
public record ApiRoute(HandlerType method, String template, Auth auth, RouteKind kind, RouteHandler handler) {
    /** Where the API lives: v10, the only version served. */
    public static final String PREFIX = "/api/v10";
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)\\.([a-z_]+)}");
    private static final String[] MAJOR_PARAMETERS = {"channel.id", "guild.id", "webhook.id"};

    public enum Auth {
        BOT,
        NONE
    }

    public static ApiRoute bot(HandlerType method, String template, RouteHandler handler) {
        return new ApiRoute(method, template, Auth.BOT, RouteKind.DEFAULT, handler);
    }

    /** What the request log and the rate-limit overrides call this route. */
    public String key() {
        return method.name() + " " + template;
    }

    /** The Javalin path: Discord's {@code {channel.id}} becomes {@code {channel_id}}. */
    public String javalinPath() {
        return PREFIX + PARAM.matcher(template).replaceAll("{$1_$2}");
    }

    /** A request path as the request log shows it: without the API prefix. */
    static String loggedPath(String path) {
        return path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
    }

    /** Path parameter name as Javalin knows it. */
    static String javalinParam(String discordName) {
        return discordName.replace('.', '_');
    }

    /**
     * The major parameter of the request (channel, guild or webhook id; a webhook with its
     * token), which keys the route's rate-limit bucket; empty for routes without one.
     */
    String majorParameter(ApiCall call) {
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            String name = m.group(1) + "." + m.group(2);
            for (String major : MAJOR_PARAMETERS) {
                if (major.equals(name)) {
                    String value = call.pathParam(name);
                    return name.equals("webhook.id") ? value + "/" + call.pathParam("webhook.token") : value;
                }
            }
        }
        return "";
    }
}
