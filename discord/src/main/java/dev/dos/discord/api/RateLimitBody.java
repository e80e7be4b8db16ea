package dev.dos.discord.api;

/** The body of a 429: how long to wait (seconds) and whether the global limit was hit. */
public record RateLimitBody(String message, double retryAfter, boolean global) {
}
