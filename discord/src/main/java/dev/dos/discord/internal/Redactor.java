package dev.dos.discord.internal;

/** Removes the bot token from any text that may reach a log or a user. */
public final class Redactor {
    private final String token;

    public Redactor(String token) {
        this.token = token;
    }

    public String redact(String text) {
        return text == null || token.isEmpty() ? text : text.replace(token, "<token>");
    }
}
