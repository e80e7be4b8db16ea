package dev.dos.app.setup;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.RemoteException;
import dev.dos.discord.DiscordRestClient;
import dev.dos.discord.api.Channel;
import dev.dos.discord.api.Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds out which permissions the bot lacks in a channel by doing, one step at a time, what dos
 * will do there, and cleaning up after itself. Each step needs exactly one permission more than
 * the steps before it, so a refusal (403: Discord's 50001 Missing Access or 50013 Missing
 * Permissions) names that permission.
 *
 * <p>Why probe instead of computing: Discord derives a bot's channel permissions from its roles,
 * the channel's overwrites and the guild owner, over several REST calls, and the result can still
 * differ from what Discord enforces (threads, locked threads, server-wide toggles). Probing asks
 * Discord itself. The price is a few short-lived test messages and one short-lived thread.
 *
 * <p>Steps, in a text channel (index, backup): read the channel (View Channels), post a text
 * message (Send Messages), post a small file (Attach Files), read the text message back (Read
 * Message History) and download the file, in the backup channel pin and unpin the text message
 * (Pin Messages: the published key is pinned there), delete both. In the storage channel: read it, create
 * a thread (Create Public Threads), post text and a file in the thread (Send Messages in Threads,
 * Attach Files), read back, then delete the thread (Manage Threads).
 */
final class PermissionProbe {
    static final String TEST_TEXT = "dos setup is checking its permissions here; this message deletes itself.";
    static final String TEST_THREAD = "dos-setup-permission-check";
    private static final byte[] TEST_FILE = "dos setup permission check\n".getBytes(StandardCharsets.US_ASCII);
    /** What can only be tested inside the test thread. */
    private static final Set<BotPermission> IN_THREAD = EnumSet.of(BotPermission.SEND_MESSAGES_IN_THREADS,
            BotPermission.ATTACH_FILES, BotPermission.READ_MESSAGE_HISTORY, BotPermission.MANAGE_THREADS);

    private final DiscordRestClient client;
    /** Whether the key will be published, so pinning in the backup channel must work. */
    private final boolean pins;
    /** Test threads an earlier check could not delete; deleted once Manage Threads works. */
    private final List<String> leftoverThreads = new ArrayList<>();

    PermissionProbe(DiscordRestClient client, boolean pins) {
        this.client = client;
        this.pins = pins;
    }

    /** What {@code role} needs here: without a published key, the backup channel needs no pins. */
    Set<BotPermission> needs(ChannelRole role) {
        Set<BotPermission> needs = role.needs();
        if (!pins) {
            needs.remove(BotPermission.PIN_MESSAGES);
        }
        return needs;
    }

    ChannelReport check(ChannelRole role, Channel channel) {
        Findings found = new Findings(role);
        try {
            client.channel(channel.id());
        } catch (RemoteException.Forbidden e) {
            found.missing.add(BotPermission.VIEW_CHANNEL);
            found.unchecked.addAll(needs(role));
            found.unchecked.remove(BotPermission.VIEW_CHANNEL);
            return found.report(channel);
        } catch (RemoteException e) {
            found.problems.add("cannot read the channel: " + e.getMessage());
            found.unchecked.addAll(needs(role));
            return found.report(channel);
        }
        if (role == ChannelRole.STORAGE) {
            probeThreads(channel.id(), found);
        } else {
            probeMessages(channel.id(), BotPermission.SEND_MESSAGES, pins && role == ChannelRole.BACKUP, found);
        }
        return found.report(channel);
    }

    private void probeThreads(String channelId, Findings found) {
        Channel thread;
        try {
            thread = client.createPublicThread(channelId, TEST_THREAD, 60);
        } catch (RemoteException.Forbidden e) {
            found.missing.add(BotPermission.CREATE_PUBLIC_THREADS);
            found.unchecked.addAll(IN_THREAD);
            return;
        } catch (RemoteException e) {
            found.problems.add("cannot create a thread: " + e.getMessage());
            found.unchecked.addAll(IN_THREAD);
            return;
        }
        probeMessages(thread.id(), BotPermission.SEND_MESSAGES_IN_THREADS, false, found);
        try {
            client.deleteChannel(thread.id());
            deleteLeftovers(found);
        } catch (RemoteException.Forbidden e) {
            found.missing.add(BotPermission.MANAGE_THREADS);
            archiveLeftover(thread, found);
        } catch (RemoteException e) {
            found.problems.add("cannot delete the test thread " + TEST_THREAD + ": " + e.getMessage());
        }
    }

    // The thread's creator may archive it without MANAGE_THREADS: at least it stops counting
    // against the guild's 1000 active threads. A later check that may delete threads removes it.
    private void archiveLeftover(Channel thread, Findings found) {
        try {
            client.setArchived(thread.id(), true);
        } catch (RemoteException ignored) {
            // The message below asks for manual cleanup either way.
        }
        leftoverThreads.add(thread.id());
        found.problems.add("the test thread " + TEST_THREAD + " (" + thread.id() + ") is left over: delete it by hand"
                + " unless a later check can");
    }

    private void deleteLeftovers(Findings found) {
        for (var it = leftoverThreads.iterator(); it.hasNext(); ) {
            String id = it.next();
            try {
                client.deleteChannel(id);
                it.remove();
            } catch (RemoteException.NotFound gone) {
                it.remove();
            } catch (RemoteException e) {
                found.problems.add("cannot delete the earlier test thread " + id + ": " + e.getMessage());
            }
        }
    }

    /** Text, then a file, then reading both back, then (if {@code pin}) pinning, then deleting them. */
    private void probeMessages(String channelId, BotPermission send, boolean pin, Findings found) {
        List<Message> posted = new ArrayList<>();
        try {
            Message text;
            try {
                text = client.createMessage(channelId, TEST_TEXT, List.of());
                posted.add(text);
            } catch (RemoteException.Forbidden e) {
                found.missing.add(send);
                found.unchecked.addAll(EnumSet.of(BotPermission.ATTACH_FILES, BotPermission.READ_MESSAGE_HISTORY));
                if (pin) {
                    found.unchecked.add(BotPermission.PIN_MESSAGES);
                }
                return;
            }
            Message file = null;
            try {
                file = client.createMessage(channelId, "", List.of(new BlobUpload("dos-permission-check.txt", TEST_FILE)));
                posted.add(file);
            } catch (RemoteException.Forbidden e) {
                found.missing.add(BotPermission.ATTACH_FILES);
            }
            try {
                client.message(channelId, text.id());
            } catch (RemoteException.Forbidden e) {
                found.missing.add(BotPermission.READ_MESSAGE_HISTORY);
                if (pin) {
                    found.unchecked.add(BotPermission.PIN_MESSAGES);
                }
                return;
            }
            if (file != null) {
                checkDownload(channelId, file, found);
            }
            if (pin) {
                checkPin(channelId, text, found);
            }
        } catch (RemoteException e) {
            found.problems.add("a test step failed: " + e.getMessage());
        } finally {
            for (Message message : posted) {
                try {
                    client.deleteMessage(channelId, message.id());
                } catch (RemoteException e) {
                    found.problems.add("cannot delete test message " + message.id() + ": " + e.getMessage());
                }
            }
        }
    }

    private void checkPin(String channelId, Message text, Findings found) throws RemoteException {
        try {
            client.pinMessage(channelId, text.id());
        } catch (RemoteException.Forbidden e) {
            found.missing.add(BotPermission.PIN_MESSAGES);
            return;
        }
        client.unpinMessage(channelId, text.id());
    }

    private void checkDownload(String channelId, Message file, Findings found) {
        try (InputStream in = client.openAttachment(channelId, file.id(), file.attachments().getFirst().id())) {
            if (!Arrays.equals(in.readNBytes(TEST_FILE.length + 1), TEST_FILE)) {
                found.problems.add("the test file came back with different bytes");
            }
        } catch (IOException e) {
            found.problems.add("cannot download the test file: " + e.getMessage());
        }
    }

    /** What one channel's probe has found so far. */
    private static final class Findings {
        final ChannelRole role;
        final Set<BotPermission> missing = EnumSet.noneOf(BotPermission.class);
        final Set<BotPermission> unchecked = EnumSet.noneOf(BotPermission.class);
        final List<String> problems = new ArrayList<>();

        Findings(ChannelRole role) {
            this.role = role;
        }

        ChannelReport report(Channel channel) {
            return new ChannelReport(role, channel.id(), channel.name(), missing, unchecked, problems);
        }
    }
}
