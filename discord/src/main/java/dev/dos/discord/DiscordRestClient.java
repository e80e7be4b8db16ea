package dev.dos.discord;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.Ticker;
import dev.dos.discord.api.Attachment;
import dev.dos.discord.api.Channel;
import dev.dos.discord.api.CreateChannel;
import dev.dos.discord.api.CreateThread;
import dev.dos.discord.api.Guild;
import dev.dos.discord.api.Message;
import dev.dos.discord.api.MessageEdit;
import dev.dos.discord.api.PartialGuild;
import dev.dos.discord.api.PinnedMessages;
import dev.dos.discord.api.RefreshUrlsRequest;
import dev.dos.discord.api.RefreshUrlsResponse;
import dev.dos.discord.api.ThreadArchiving;
import dev.dos.discord.api.ThreadList;
import dev.dos.discord.api.User;
import dev.dos.discord.internal.AttachmentStream;
import dev.dos.discord.internal.Backoff;
import dev.dos.discord.internal.Call;
import dev.dos.discord.internal.CdnFetcher;
import dev.dos.discord.internal.FreshLinks;
import dev.dos.discord.internal.Multipart;
import dev.dos.discord.internal.RequestBody;
import dev.dos.discord.internal.RestTransport;
import dev.dos.discord.internal.Route;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Discord REST calls the product makes, typed. Thread-safe: many virtual threads may share
 * one client. Pacing, retries and error mapping happen inside (see {@code dev.dos.discord.internal});
 * every method throws a {@link RemoteException} subtype that says what failed.
 */
public final class DiscordRestClient implements AutoCloseable {
    /*
     * Message nonces only need to differ between posts of a few minutes; they carry no secret. They
     * come from ThreadLocalRandom: a SplittableRandom shared by the posting workers is not thread-safe,
     * and two workers drawing the same nonce made Discord (which enforces nonces per author) answer
     * the second post with the first one's message, storing nothing: a lost post reported as stored.
     */

    private final RestTransport rest;
    private final CdnFetcher cdn;
    private final Backoff backoff;
    private final Ticker ticker;
    /**
     * Whether {@code POST /attachments/refresh-urls} answers: null until its first answer, which one
     * caller waits for while the others queue (so a withdrawn route is asked once, not by every
     * worker at once). Discord never documented it; once it answers 404, links are refreshed only by
     * reading their message again, the documented way.
     */
    private volatile Boolean refreshUrlsServed;
    private final ReentrantLock refreshUrlsProbe = new ReentrantLock();

    public DiscordRestClient(DiscordSettings settings) {
        this(settings, RestListener.NONE);
    }

    public DiscordRestClient(DiscordSettings settings, RestListener listener) {
        this(settings, listener, Ticker.SYSTEM);
    }

    DiscordRestClient(DiscordSettings settings, RestListener listener, Ticker ticker) {
        this(new RestTransport(settings, listener, ticker), settings.retry(), ticker);
    }

    /**
     * A client that knows only the bot's token, for setting up before a guild and channels are
     * chosen (listing the bot's guilds and channels, creating channels). Default pacing.
     *
     * @throws IllegalArgumentException if the URL or the token is malformed (the message never shows the token)
     */
    public DiscordRestClient(URI baseUrl, String token, RetrySettings retry) {
        this(transport(baseUrl, token, retry), retry, Ticker.SYSTEM);
    }

    private DiscordRestClient(RestTransport rest, RetrySettings retry, Ticker ticker) {
        this.rest = rest;
        this.cdn = new CdnFetcher(retry.connectTimeout(), retry.requestTimeout());
        this.backoff = new Backoff(retry);
        this.ticker = ticker;
    }

    private static RestTransport transport(URI baseUrl, String token, RetrySettings retry) {
        DiscordSettings.checkBaseUrl(baseUrl);
        DiscordSettings.checkToken(token);
        return new RestTransport(baseUrl, token, retry, RateSettings.DEFAULTS, RestListener.NONE, Ticker.SYSTEM);
    }

    public User currentUser() throws RemoteException {
        return rest.call(Call.of(Route.GET_CURRENT_USER), User.class);
    }

    public Guild guild(String guildId) throws RemoteException {
        return rest.call(Call.of(Route.GET_GUILD, guildId), Guild.class);
    }

    /** The guilds the bot is in (the first 200: a storage bot is in one or a few). */
    public List<PartialGuild> currentUserGuilds() throws RemoteException {
        Call call = Call.of(Route.LIST_CURRENT_USER_GUILDS).withQuery("limit", "200");
        return Arrays.asList(rest.call(call, PartialGuild[].class));
    }

    /** The guild's channels the bot can see (not threads), in no particular order. */
    public List<Channel> guildChannels(String guildId) throws RemoteException {
        return Arrays.asList(rest.call(Call.of(Route.LIST_GUILD_CHANNELS, guildId), Channel[].class));
    }

    /**
     * Creates a private text channel: {@code @everyone} is denied VIEW_CHANNEL, the bot
     * ({@code botUserId}) allowed {@code botBits}. Needs MANAGE_CHANNELS in the guild, and the
     * bits themselves (Discord lets a bot allow or deny only permissions it has).
     */
    public Channel createPrivateTextChannel(String guildId, String name, String botUserId, long botBits)
            throws RemoteException {
        RequestBody body = RequestBody.json(CreateChannel.privateText(name, guildId, botUserId, botBits));
        return rest.call(Call.of(Route.CREATE_GUILD_CHANNEL, guildId).withBody(body), Channel.class);
    }

    public Channel channel(String channelId) throws RemoteException {
        return rest.call(Call.of(Route.GET_CHANNEL, channelId), Channel.class);
    }

    /** Starts a public thread (type 11) without a starter message. */
    public Channel createPublicThread(String parentId, String name, int autoArchiveMinutes) throws RemoteException {
        return createPublicThread(parentId, name, autoArchiveMinutes, null);
    }

    /**
     * Creates a public thread; {@code uncertainRetry} runs when an attempt that may have created a
     * thread already (its answer was lost) is retried, so the caller can remove the twin.
     */
    public Channel createPublicThread(String parentId, String name, int autoArchiveMinutes, Runnable uncertainRetry)
            throws RemoteException {
        RequestBody body = RequestBody.json(new CreateThread(name, Channel.PUBLIC_THREAD, autoArchiveMinutes));
        return rest.call(Call.of(Route.CREATE_THREAD, parentId).withBody(body), Channel.class, uncertainRetry);
    }

    public Channel setArchived(String threadId, boolean archived) throws RemoteException {
        RequestBody body = RequestBody.json(new ThreadArchiving(archived));
        return rest.call(Call.of(Route.MODIFY_THREAD, threadId).withBody(body), Channel.class);
    }

    public void deleteChannel(String channelId) throws RemoteException {
        rest.send(Call.of(Route.DELETE_CHANNEL, channelId));
    }

    public ThreadList activeThreads(String guildId) throws RemoteException {
        return rest.call(Call.of(Route.LIST_ACTIVE_THREADS, guildId), ThreadList.class);
    }

    /** Public archived threads, most recently archived first, archived before {@code before} (ISO 8601; null: now). */
    public ThreadList archivedPublicThreads(String channelId, String before, int limit) throws RemoteException {
        Call call = Call.of(Route.LIST_ARCHIVED_THREADS, channelId).withQuery("limit", Integer.toString(limit));
        return rest.call(before == null ? call : call.withQuery("before", before), ThreadList.class);
    }

    /**
     * Posts a message; files become attachments in the given order, named as given. Retries cannot
     * duplicate it: the request carries a random nonce that Discord enforces.
     */
    public Message createMessage(String channelId, String content, List<BlobUpload> files) throws RemoteException {
        String nonce = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), Character.MAX_RADIX);
        return rest.call(Call.of(Route.CREATE_MESSAGE, channelId).withBody(Multipart.message(content, files, nonce)),
                Message.class);
    }

    /** Replaces a message's content; its attachments stay. */
    public Message editContent(String channelId, String messageId, String content) throws RemoteException {
        RequestBody body = RequestBody.json(new MessageEdit(content));
        return rest.call(Call.of(Route.EDIT_MESSAGE, channelId, messageId).withBody(body), Message.class);
    }

    public Message message(String channelId, String messageId) throws RemoteException {
        return rest.call(Call.of(Route.GET_MESSAGE, channelId, messageId), Message.class);
    }

    /**
     * Up to {@code limit} (1 to 100) messages right after {@code afterId}, as Discord returns
     * them: newest first.
     */
    public List<Message> messagesAfter(String channelId, String afterId, int limit) throws RemoteException {
        Call call = Call.of(Route.LIST_MESSAGES, channelId)
                .withQuery("after", afterId)
                .withQuery("limit", Integer.toString(limit));
        return Arrays.asList(rest.call(call, Message[].class));
    }

    public void deleteMessage(String channelId, String messageId) throws RemoteException {
        rest.send(Call.of(Route.DELETE_MESSAGE, channelId, messageId));
    }

    /** Pins a message (Discord's current pin route); pinning a pinned message does nothing. */
    public void pinMessage(String channelId, String messageId) throws RemoteException {
        rest.send(Call.of(Route.PIN_MESSAGE, channelId, messageId));
    }

    public void unpinMessage(String channelId, String messageId) throws RemoteException {
        rest.send(Call.of(Route.UNPIN_MESSAGE, channelId, messageId));
    }

    /**
     * Up to {@code limit} (1 to 50) pinned messages, most recently pinned first, pinned before
     * {@code before} (ISO 8601; null: now).
     */
    public PinnedMessages pins(String channelId, String before, int limit) throws RemoteException {
        Call call = Call.of(Route.LIST_PINS, channelId).withQuery("limit", Integer.toString(limit));
        return rest.call(before == null ? call : call.withQuery("before", before), PinnedMessages.class);
    }

    public RefreshUrlsResponse refreshUrls(List<String> urls) throws RemoteException {
        RequestBody body = RequestBody.json(new RefreshUrlsRequest(urls));
        return rest.call(Call.of(Route.REFRESH_URLS).withBody(body), RefreshUrlsResponse.class);
    }

    /**
     * Streams one attachment's bytes. Reads the message for a freshly signed link (links are never
     * stored), refreshes the link when the CDN refuses it, and resumes after broken connections.
     * A missing message or attachment is {@link RemoteException.NotFound}.
     */
    public InputStream openAttachment(String channelId, String messageId, String attachmentId) throws IOException {
        String what = describe(channelId, messageId, attachmentId);
        return openAttachment(channelId, messageId, attachmentOf(message(channelId, messageId), attachmentId, what));
    }

    /** Streams an attachment starting from a link read earlier, which may have expired since. */
    InputStream openAttachment(String channelId, String messageId, Attachment attachment) throws IOException {
        String what = describe(channelId, messageId, attachment.id());
        FreshLinks.Source source = new FreshLinks.Source() {
            @Override
            public String refresh(String url) throws RemoteException {
                return refreshedLink(refreshUrlsOnce(url), what);
            }

            @Override
            public String refetch() throws RemoteException {
                return attachmentOf(message(channelId, messageId), attachment.id(), what).url();
            }
        };
        FreshLinks links = new FreshLinks(cdn, source, attachment.url(), attachment.size(), what);
        return AttachmentStream.open(links, attachment.size(), backoff, ticker, what);
    }

    /**
     * Streams bytes {@code [offset, offset + length)} of an attachment (an HTTP Range request to
     * the CDN), with the same fresh links and resumption as a whole download.
     */
    InputStream openAttachment(String channelId, String messageId, Attachment attachment, long offset, long length)
            throws IOException {
        String what = describe(channelId, messageId, attachment.id()) + " (bytes " + offset + "+" + length + ")";
        if (offset < 0 || length < 0 || offset + length > attachment.size()) {
            throw new RemoteException.Rejected("range " + offset + "+" + length + " reaches past the end of "
                    + what + " (" + attachment.size() + " bytes)");
        }
        FreshLinks.Source source = new FreshLinks.Source() {
            @Override
            public String refresh(String url) throws RemoteException {
                return refreshedLink(refreshUrlsOnce(url), what);
            }

            @Override
            public String refetch() throws RemoteException {
                return attachmentOf(message(channelId, messageId), attachment.id(), what).url();
            }
        };
        FreshLinks links = new FreshLinks(cdn, source, attachment.url(), attachment.size(), what);
        return AttachmentStream.open(links.window(offset, length), length, backoff, ticker, what);
    }

    /** Discord refreshes at most this many links per {@code refresh-urls} request. */
    public static final int REFRESH_BATCH = 50;

    /**
     * Freshly signed links for {@code urls}, {@link #REFRESH_BATCH} per request, by the link each
     * replaces (links Discord did not refresh, for attachments gone, are absent); empty when Discord
     * no longer serves {@code refresh-urls} (the caller then reads the messages again).
     */
    public java.util.Optional<java.util.Map<String, String>> refreshLinks(List<String> urls) throws RemoteException {
        java.util.Map<String, String> fresh = new java.util.HashMap<>();
        for (int from = 0; from < urls.size(); from += REFRESH_BATCH) {
            List<String> batch = urls.subList(from, Math.min(urls.size(), from + REFRESH_BATCH));
            RefreshUrlsResponse answer;
            try {
                answer = refreshUrlsOnce(batch);
            } catch (RemoteException.NotFound withdrawn) {
                return java.util.Optional.empty();
            }
            for (RefreshUrlsResponse.RefreshedUrl pair : answer.refreshedUrls()) {
                if (pair.original() != null && pair.refreshed() != null) {
                    fresh.put(pair.original(), pair.refreshed());
                }
            }
        }
        return java.util.Optional.of(fresh);
    }

    /** {@code refresh-urls} for one link, unless it is known to be withdrawn (then NotFound at once). */
    private RefreshUrlsResponse refreshUrlsOnce(String url) throws RemoteException {
        return refreshUrlsOnce(List.of(url));
    }

    /** {@code refresh-urls} for up to 50 links, unless it is known to be withdrawn (then NotFound at once). */
    private RefreshUrlsResponse refreshUrlsOnce(List<String> urls) throws RemoteException {
        if (refreshUrlsServed == null) {
            refreshUrlsProbe.lock();
            try {
                if (refreshUrlsServed == null) {
                    RefreshUrlsResponse answer = refreshUrls(urls);
                    refreshUrlsServed = true;
                    return answer;
                }
            } catch (RemoteException.NotFound withdrawn) {
                refreshUrlsServed = false;
                throw withdrawn;
            } finally {
                refreshUrlsProbe.unlock();
            }
        }
        if (!refreshUrlsServed) {
            throw new RemoteException.NotFound("Discord does not serve refresh-urls");
        }
        return refreshUrls(urls);
    }

    private static String refreshedLink(RefreshUrlsResponse answer, String what) throws RemoteException {
        return answer.refreshedUrls().stream()
                .findFirst()
                .map(RefreshUrlsResponse.RefreshedUrl::refreshed)
                .orElseThrow(() -> new RemoteException.NotFound("Discord did not refresh the link of " + what));
    }

    private static String describe(String channelId, String messageId, String attachmentId) {
        return "attachment " + attachmentId + " of message " + messageId + " in channel " + channelId;
    }

    private static Attachment attachmentOf(Message message, String attachmentId, String what) throws RemoteException {
        return message.attachment(attachmentId)
                .orElseThrow(() -> new RemoteException.NotFound("Discord has no " + what));
    }

    @Override
    public void close() {
        rest.close();
    }
}
