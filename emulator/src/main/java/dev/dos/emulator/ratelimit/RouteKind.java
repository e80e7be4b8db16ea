package dev.dos.emulator.ratelimit;

/** Which configured per-route limit a route uses unless overridden by template. */
public enum RouteKind {
    MESSAGE_CREATE,
    WEBHOOK_EXECUTE,
    DEFAULT
}
