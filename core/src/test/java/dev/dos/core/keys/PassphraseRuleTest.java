package dev.dos.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which passphrases may protect a published key (docs/FORMAT.md section 14). */
class PassphraseRuleTest {
    @Test
    void shortPassphrasesAreRefusedWhateverTheirEntropy() {
        assertThat(PassphraseRule.problem("x7#Qp!2zW9".toCharArray()))
                .hasValue("the passphrase is too short to publish the key: 10 characters, a published key needs at least 12");
    }

    @Test
    void commonOrPatternedPassphrasesAreRefusedWithTheEstimatorsReason() {
        assertThat(PassphraseRule.problem("password1234".toCharArray())).hasValueSatisfying(why -> assertThat(why)
                .startsWith("the passphrase is too easy to guess to publish the key: about ")
                .contains("a published key needs 40").contains("common password").doesNotContain("\n"));
        assertThat(PassphraseRule.problem("qwertyuiopasdfgh".toCharArray())).isPresent();
        assertThat(PassphraseRule.problem("aaaaaaaaaaaaaaaa".toCharArray())).isPresent();
        // Three dictionary words: over 12 characters, but about 38 bits.
        assertThat(PassphraseRule.problem("correct horse battery".toCharArray())).isPresent();
    }

    @Test
    void longUncommonPassphrasesPass() {
        assertThat(PassphraseRule.problem("orbit-velvet-canyon-42".toCharArray())).isEmpty();
        assertThat(PassphraseRule.problem("a long passphrase for tests".toCharArray())).isEmpty();
    }
}
