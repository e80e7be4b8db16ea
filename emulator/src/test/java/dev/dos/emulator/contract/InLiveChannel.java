package dev.dos.emulator.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * In live mode, {@code storage} is {@code DOS_LIVE_CHANNEL} itself rather than a new thread of it:
 * for tests that start threads in it (threads cannot hold threads) or need a channel from the
 * past. Everything the test creates there is deleted afterwards all the same.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface InLiveChannel {
    /**
     * Whether the test needs {@code channelId("index")} to be another text channel
     * ({@code DOS_LIVE_INDEX_CHANNEL}); it is skipped when that is the same channel.
     */
    boolean separateIndexChannel() default false;
}
