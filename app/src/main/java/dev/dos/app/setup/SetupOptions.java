package dev.dos.app.setup;

import java.net.URI;

/**
 * Answers given up front (command-line flags), so that setup can run without asking.
 *
 * @param token          the bot token (from --token-file), or null (then --token-stdin, DOS_TOKEN /
 *                       DISCORD_TOKEN, the config, or a prompt)
 * @param tokenFromInput read the bot token as the first line of standard input (--token-stdin)
 * @param guild          server id or name, or null
 * @param storageChannel storage channel id or name, or null
 * @param indexChannel   index channel id or name, or null
 * @param backupChannel  backup channel id or name, or null
 * @param createChannels create (or reuse) #dos-storage, #dos-index and #dos-backup for channels not named
 * @param apiBaseUrl     Discord API root (or an emulator's), or null for the configured one
 * @param passphraseEnv  environment variable holding the key's passphrase
 * @param force          replace an existing key (after a warning; the old file is kept aside)
 * @param interactive    ask for what is missing; false: fail instead
 * @param publishKey     publish the wrapped key in the backup channel (false: --no-key-on-discord)
 * @param recover        take the key published on Discord instead of making one (--recover)
 * @param recoverKey     with {@code recover}: the fingerprint (or a prefix of it) of the published key to
 *                       take, or null for the newest the passphrase opens
 */
public record SetupOptions(String token, boolean tokenFromInput, String guild, String storageChannel,
                           String indexChannel, String backupChannel, boolean createChannels, URI apiBaseUrl,
                           String passphraseEnv, boolean force, boolean interactive, boolean publishKey,
                           boolean recover, String recoverKey) {

    /** The flag value for {@code role}'s channel, or null. */
    String channel(ChannelRole role) {
        return switch (role) {
            case STORAGE -> storageChannel;
            case INDEX -> indexChannel;
            case BACKUP -> backupChannel;
        };
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "SetupOptions[token=" + (token == null ? "(unset)" : "(set)") + ", tokenFromInput=" + tokenFromInput
                + ", guild=" + guild + ", storageChannel=" + storageChannel + ", indexChannel=" + indexChannel
                + ", backupChannel=" + backupChannel + ", createChannels=" + createChannels
                + ", apiBaseUrl=" + apiBaseUrl + ", passphraseEnv=" + passphraseEnv + ", force=" + force
                + ", interactive=" + interactive + ", publishKey=" + publishKey + ", recover=" + recover
                + ", recoverKey=" + recoverKey + "]";
    }
}
