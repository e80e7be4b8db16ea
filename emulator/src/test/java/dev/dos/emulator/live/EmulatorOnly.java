package dev.dos.emulator.live;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs the emulator's powers (its admin: permissions, clock, faults, tokens, boost
 * tier; or a fresh empty guild): never run in live mode, even inside a {@link Live} class.
 * Tests without the {@value Live#TAG} tag are emulator-only as well; this says why.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(LiveCondition.class)
public @interface EmulatorOnly {
    /** Why it cannot run against Discord. */
    String value();
}
