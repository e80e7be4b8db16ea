package dev.dos.discord;

/**
 * How the client paces itself and when it stops. Per-route buckets are learned from Discord's
 * headers and need no settings; these cover what the headers do not say.
 *
 * @param globalPerSecond      most requests per second across all routes (1 to 50; Discord
 *                             allows a bot 50)
 * @param forbiddenStreakLimit consecutive 403 answers after which the client stops sending
 *                             (1 to 100)
 * @param invalidRequestBudget 401, 403 and 429 answers within ten minutes after which the client
 *                             stops sending (1 to 5,000: Discord bans an IP at 10,000)
 */
public record RateSettings(int globalPerSecond, int forbiddenStreakLimit, int invalidRequestBudget) {

    public static final RateSettings DEFAULTS = new RateSettings(50, 10, 1000);

    public RateSettings {
        if (globalPerSecond < 1 || globalPerSecond > 50) {
            throw new IllegalArgumentException("globalPerSecond must be 1 to 50, got " + globalPerSecond);
        }
        if (forbiddenStreakLimit < 1 || forbiddenStreakLimit > 100) {
            throw new IllegalArgumentException("forbiddenStreakLimit must be 1 to 100, got " + forbiddenStreakLimit);
        }
        if (invalidRequestBudget < 1 || invalidRequestBudget > 5000) {
            throw new IllegalArgumentException("invalidRequestBudget must be 1 to 5000, got " + invalidRequestBudget);
        }
    }
}
