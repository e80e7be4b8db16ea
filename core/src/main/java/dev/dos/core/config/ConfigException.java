package dev.dos.core.config;

/**
 * Configuration is missing, malformed or cannot be read or written. Messages name the setting and
 * where it came from, never the bot token's value.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
