package dev.dos.core.keys;

import java.util.Locale;
import java.util.Optional;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.Configuration;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Feedback;
import me.gosimple.nbvcxz.scoring.Result;

/**
 * Whether a passphrase may wrap a key that is published (docs/FORMAT.md section 14): at least
 * {@value #MIN_CHARS} characters, and at least {@value #MIN_ENTROPY_BITS} bits of guessing entropy
 * as the estimator nbvcxz (a port of zxcvbn: dictionaries, keyboard walks, dates, repeats, leet)
 * rates it. The published copy can be attacked offline by anyone who reads the backup channel; the
 * local key file only by whoever has the machine, so it keeps its own, lower bar.
 *
 * <p>nbvcxz takes a {@code String}, so the passphrase is briefly copied into one that cannot be
 * wiped; it never leaves this class.
 */
public final class PassphraseRule {
    public static final int MIN_CHARS = 12;
    public static final double MIN_ENTROPY_BITS = 40;

    private PassphraseRule() {
    }

    /** Refuses a passphrase too weak to publish a key under, with one line saying why. */
    public static void check(char[] passphrase) throws WeakPassphraseException {
        Optional<String> problem = problem(passphrase);
        if (problem.isPresent()) {
            throw new WeakPassphraseException(problem.get());
        }
    }

    /** Why {@code passphrase} may not protect a published key, or empty if it may. */
    public static Optional<String> problem(char[] passphrase) {
        int length = String.valueOf(passphrase).codePointCount(0, passphrase.length);
        if (length < MIN_CHARS) {
            return Optional.of("the passphrase is too short to publish the key: " + length + " characters, a published"
                    + " key needs at least " + MIN_CHARS);
        }
        Result result = Estimator.estimate(new String(passphrase));
        double bits = result.getEntropy();
        if (bits >= MIN_ENTROPY_BITS) {
            return Optional.empty();
        }
        StringBuilder why = new StringBuilder(String.format(Locale.ROOT, "the passphrase is too easy to guess to publish"
                + " the key: about %.0f bits of entropy, a published key needs %.0f", bits, MIN_ENTROPY_BITS));
        Feedback feedback = result.getFeedback();
        if (feedback != null && feedback.getWarning() != null && !feedback.getWarning().isBlank()) {
            why.append(" (").append(feedback.getWarning().strip().replaceAll("\\.$", "")).append(')');
        }
        if (feedback != null && !feedback.getSuggestion().isEmpty()) {
            String hint = feedback.getSuggestion().getFirst().strip().replaceAll("\\.$", "");
            why.append("; ").append(hint.isEmpty() ? "" : Character.toLowerCase(hint.charAt(0)) + hint.substring(1));
        }
        return Optional.of(why.toString());
    }

    /** nbvcxz loads its dictionaries once, when first needed; English feedback whatever the locale. */
    private static final class Estimator {
        private static final Nbvcxz NBVCXZ;

        static {
            Configuration configuration = new ConfigurationBuilder().setLocale(Locale.ENGLISH)
                    .setMinimumEntropy(MIN_ENTROPY_BITS).createConfiguration();
            NBVCXZ = new Nbvcxz(configuration);
        }

        static synchronized Result estimate(String passphrase) {
            return NBVCXZ.estimate(passphrase);
        }
    }
}
