package dev.dos.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.WrongKeyException;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class KeyUnlockTest {
    private static final MasterKey KEY = MasterKey.generate();

    @Test
    void theUnlockRunsWhileTheCallerGoesOn() throws Exception {
        CountDownLatch callerWentOn = new CountDownLatch(1);
        KeyUnlock unlock = KeyUnlock.start(() -> {
            // released only after start() returned: an unlock run by start() itself fails here
            if (!callerWentOn.await(1, java.util.concurrent.TimeUnit.MINUTES)) {
                throw new IllegalStateException("start() waited for the unlock");
            }
            return KEY;
        });

        callerWentOn.countDown();

        assertThat(unlock.await()).isSameAs(KEY);
    }

    @Test
    void aWrongPassphraseIsReportedBeforeWhatFailedBesideIt() {
        KeyUnlock unlock = KeyUnlock.start(() -> {
            throw new WrongKeyException();
        });
        IOException indexFailure = new IOException("the index is unreadable");

        IOException reported = unlock.firstFailure(indexFailure);

        assertThat(reported).isInstanceOf(WrongKeyException.class);
        assertThat(reported.getSuppressed()).containsExactly(indexFailure);
        assertThatThrownBy(unlock::await).isInstanceOf(WrongKeyException.class);
    }

    @Test
    void afterAGoodUnlockTheOtherFailureIsReportedAsItIs() {
        KeyUnlock unlock = KeyUnlock.start(() -> KEY);
        IOException indexFailure = new IOException("the index is unreadable");
        IllegalStateException bug = new IllegalStateException("a bug");

        assertThat(unlock.firstFailure(indexFailure)).isSameAs(indexFailure);
        assertThatThrownBy(() -> unlock.firstFailure(bug)).isSameAs(bug);
        assertThat(indexFailure.getSuppressed()).isEmpty();
    }

    @Test
    void theUnlocksOwnFailureIsNotReportedTwice() {
        KeyUnlock unlock = KeyUnlock.start(() -> {
            throw new WrongKeyException();
        });
        IOException awaited = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, unlock::await);

        assertThat(unlock.firstFailure(awaited)).isSameAs(awaited);
        assertThat(awaited.getSuppressed()).isEmpty();
    }
}
