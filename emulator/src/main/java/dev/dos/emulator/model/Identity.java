package dev.dos.emulator.model;

/**
 * Who the bot is and the secrets of this sandbox, persisted so they survive a restart.
 *
 * @param botUserId   the bot user's id (also its application id, as for Discord bots)
 * @param botUsername the bot's username
 * @param token       the valid bot token; empty after the token was revoked
 * @param signingKey  base64 HMAC key that signs CDN links
 * @param guildId     the one guild the bot is in
 */
public record Identity(long botUserId, String botUsername, String token, String signingKey, long guildId) {

    public Identity withToken(String newToken) {
        return new Identity(botUserId, botUsername, newToken, signingKey, guildId);
    }
}
