package dev.dos.discord.internal;

/**
 * The Discord REST routes the product uses. A route's first placeholder is its major parameter
 * (channel or guild id): Discord keeps separate rate-limit buckets per major parameter. Each
 * route says what it does and which permissions it needs, so a 403 can name them.
 */
public enum Route {
    GET_CURRENT_USER("GET", "/users/@me", "read the bot user", ""),
    GET_GUILD("GET", "/guilds/{}", "read guild {0}", "membership in the guild"),
    LIST_CURRENT_USER_GUILDS("GET", "/users/@me/guilds", "list the bot's guilds", ""),
    LIST_GUILD_CHANNELS("GET", "/guilds/{}/channels", "list the channels of guild {0}", "membership in the guild"),
    CREATE_GUILD_CHANNEL("POST", "/guilds/{}/channels", "create a channel in guild {0}", "MANAGE_CHANNELS"),
    GET_CHANNEL("GET", "/channels/{}", "read channel {0}", "VIEW_CHANNEL"),
    MODIFY_THREAD("PATCH", "/channels/{}", "archive or unarchive thread {0}", "VIEW_CHANNEL, MANAGE_THREADS"),
    DELETE_CHANNEL("DELETE", "/channels/{}", "delete thread {0}", "VIEW_CHANNEL, MANAGE_THREADS"),
    CREATE_THREAD("POST", "/channels/{}/threads", "create a thread in channel {0}",
            "VIEW_CHANNEL, CREATE_PUBLIC_THREADS"),
    LIST_ACTIVE_THREADS("GET", "/guilds/{}/threads/active", "list the active threads of guild {0}", "VIEW_CHANNEL"),
    LIST_ARCHIVED_THREADS("GET", "/channels/{}/threads/archived/public", "list the archived threads of channel {0}",
            "VIEW_CHANNEL, READ_MESSAGE_HISTORY"),
    CREATE_MESSAGE("POST", "/channels/{}/messages", "post a message in channel {0}",
            "VIEW_CHANNEL, SEND_MESSAGES (SEND_MESSAGES_IN_THREADS in a thread), ATTACH_FILES (for files)"),
    LIST_MESSAGES("GET", "/channels/{}/messages", "list the messages of channel {0}", "VIEW_CHANNEL, READ_MESSAGE_HISTORY"),
    GET_MESSAGE("GET", "/channels/{}/messages/{}", "read message {1} in channel {0}", "VIEW_CHANNEL, READ_MESSAGE_HISTORY"),
    EDIT_MESSAGE("PATCH", "/channels/{}/messages/{}", "edit message {1} in channel {0}",
            "VIEW_CHANNEL, SEND_MESSAGES (SEND_MESSAGES_IN_THREADS in a thread)"),
    DELETE_MESSAGE("DELETE", "/channels/{}/messages/{}", "delete message {1} in channel {0}", "VIEW_CHANNEL"),
    PIN_MESSAGE("PUT", "/channels/{}/messages/pins/{}", "pin message {1} in channel {0}",
            "VIEW_CHANNEL, PIN_MESSAGES"),
    UNPIN_MESSAGE("DELETE", "/channels/{}/messages/pins/{}", "unpin message {1} in channel {0}",
            "VIEW_CHANNEL, PIN_MESSAGES"),
    LIST_PINS("GET", "/channels/{}/messages/pins", "list the pinned messages of channel {0}",
            "VIEW_CHANNEL, READ_MESSAGE_HISTORY"),
    REFRESH_URLS("POST", "/attachments/refresh-urls", "refresh attachment links", "");

    private final String method;
    private final String template;
    private final String action;
    private final String permissions;

    Route(String method, String template, String action, String permissions) {
        this.method = method;
        this.template = template;
        this.action = action;
        this.permissions = permissions;
    }

    public String method() {
        return method;
    }

    /** The permissions Discord checks for this route, for error messages. */
    public String permissions() {
        return permissions;
    }

    /** How many ids the route's path takes. */
    int arity() {
        return template.split("\\{}", -1).length - 1;
    }

    /** The path with {@code ids} in place of the placeholders. */
    String path(java.util.List<String> ids) {
        StringBuilder path = new StringBuilder();
        String[] pieces = template.split("\\{}", -1);
        for (int i = 0; i < pieces.length; i++) {
            path.append(pieces[i]);
            if (i < ids.size()) {
                path.append(ids.get(i));
            }
        }
        return path.toString();
    }

    /** What the request does, e.g. "post a message in channel 123". */
    String action(java.util.List<String> ids) {
        String text = action;
        for (int i = 0; i < ids.size(); i++) {
            text = text.replace("{" + i + "}", ids.get(i));
        }
        return text;
    }

    @Override
    public String toString() {
        return method + " " + template.replace("{}", "{id}");
    }
}
