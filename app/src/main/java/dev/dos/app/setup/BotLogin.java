package dev.dos.app.setup;

import dev.dos.core.remote.RemoteException;
import dev.dos.discord.DiscordRestClient;
import dev.dos.discord.RetrySettings;
import dev.dos.discord.api.User;
import java.net.URI;
import java.time.Duration;

/**
 * Gets a bot token Discord accepts: the one given or configured, else one typed in (hidden), with
 * a few tries when a person is typing. The token is checked with {@code GET /users/@me} and never
 * shown.
 */
final class BotLogin {
    static final int MAX_ATTEMPTS = 3;
    /** Few, short retries: a person is waiting, and a wrong API URL should fail in seconds. */
    static final RetrySettings RETRY = new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(60), Duration.ofSeconds(10));

    /** A bot Discord accepted: a client for it and who it is. */
    record Bot(DiscordRestClient client, User user, String token) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }

        @Override
        public String toString() {
            return "Bot[" + user.username() + " " + user.id() + "]";
        }
    }

    private BotLogin() {
    }

    /**
     * @param given      from --token-file or --token-stdin, or null
     * @param configured from the environment or the config file, or null
     */
    static Bot login(URI api, String given, String configured, Prompter prompt) {
        String token = given;
        if (token == null && configured != null
                && prompt.confirm("A bot token is already configured. Use it?", true)) {
            token = configured;
        }
        for (int attempt = 1; ; attempt++) {
            if (token == null) {
                token = new String(prompt.secret("Bot token (Developer Portal > your application > Bot > Reset Token)",
                        "--token-file FILE or --token-stdin, or set DOS_TOKEN")).strip();
            }
            String problem;
            try {
                return connect(api, token);
            } catch (Rejected rejected) {
                problem = rejected.getMessage();
            }
            if (!prompt.interactive() || attempt >= MAX_ATTEMPTS) {
                throw new SetupException(SetupException.Kind.AUTH, problem);
            }
            prompt.say(problem + ". Try again.");
            token = null;
        }
    }

    private static Bot connect(URI api, String token) throws Rejected {
        DiscordRestClient client;
        try {
            client = new DiscordRestClient(api, token, RETRY);
        } catch (IllegalArgumentException e) {
            throw new Rejected("that is not a bot token: it is one word of visible characters, without spaces"
                    + " or a 'Bot ' prefix");
        }
        try {
            User user = client.currentUser();
            if (!user.bot()) {
                throw new Rejected("that token belongs to a user account, not a bot; dos needs a bot token");
            }
            return new Bot(client, user, token);
        } catch (RemoteException.Unauthorized e) {
            client.close();
            throw new Rejected("Discord rejected the bot token (401): copy it again from the Developer Portal"
                    + " (Bot > Reset Token); the client secret and the public key are not the token");
        } catch (RemoteException e) {
            client.close();
            throw new SetupException(SetupException.Kind.FAILED, "cannot reach Discord at " + api + ": " + e.getMessage(), e);
        } catch (Rejected | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The token was refused; the message says why, never what it was. */
    private static final class Rejected extends Exception {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
