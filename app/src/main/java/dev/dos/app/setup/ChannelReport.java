package dev.dos.app.setup;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What probing one channel found.
 *
 * @param role      the channel's job
 * @param channelId the channel
 * @param name      its name, for messages
 * @param missing   permissions proven missing (Discord refused the step that needs them)
 * @param unchecked permissions that could not be tested because an earlier step was refused
 * @param problems  anything else that went wrong (a test message that could not be deleted, ...)
 */
record ChannelReport(ChannelRole role, String channelId, String name, Set<BotPermission> missing,
                     Set<BotPermission> unchecked, List<String> problems) {
    ChannelReport {
        missing = missing.isEmpty() ? EnumSet.noneOf(BotPermission.class) : EnumSet.copyOf(missing);
        unchecked = unchecked.isEmpty() ? EnumSet.noneOf(BotPermission.class) : EnumSet.copyOf(unchecked);
        problems = List.copyOf(problems);
    }

    boolean ok() {
        return missing.isEmpty() && unchecked.isEmpty() && problems.isEmpty();
    }
}
