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
 * A test that only makes sense against Discord itself (for example the storage-remote
 * conformance suite on a real bot): skipped in the normal suite, run in live mode
 * ({@code -Plive}, docs/EMULATOR.md "Live mode"). Tagged {@value Live#TAG}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(Live.TAG)
@ExtendWith(LiveCondition.class)
public @interface LiveOnly {
}
