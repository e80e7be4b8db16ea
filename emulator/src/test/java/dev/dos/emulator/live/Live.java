package dev.dos.emulator.live;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (or every test of a class) that needs nothing but a bot token, a guild and a channel:
 * it runs against the emulator in the normal suite, and against Discord in live mode
 * ({@code -Plive}, docs/EMULATOR.md "Live mode"). Tagged {@value #TAG}; a method of such a class
 * that needs the emulator's powers is marked {@link EmulatorOnly}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(Live.TAG)
@ExtendWith(LiveCondition.class)
public @interface Live {
    /** The JUnit tag the {@code live} profile selects. */
    String TAG = "live";
}
