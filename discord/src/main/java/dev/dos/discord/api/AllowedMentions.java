package dev.dos.discord.api;

import java.util.List;

/**
 * Which mentions in a message's text may notify anyone. Every message dos posts sends
 * {@link #NONE} ({@code {"parse": []}}): its texts are machine-written, and a batch id or an
 * edited card must never ping a member, a role or {@code @everyone}.
 */
public record AllowedMentions(List<String> parse) {
    public static final AllowedMentions NONE = new AllowedMentions(List.of());

    public AllowedMentions {
        parse = List.copyOf(parse);
    }
}
