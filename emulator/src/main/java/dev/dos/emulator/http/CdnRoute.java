package dev.dos.emulator.http;

import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.cdn.LinkSigner;
import dev.dos.emulator.fault.ConnectionAborter;
import dev.dos.emulator.fault.FaultInjector;
import dev.dos.emulator.fault.ThrottledOutputStream;
import dev.dos.emulator.store.AttachmentRef;
import dev.dos.emulator.store.StateStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDN: serves attachment bytes at their signed links, on {@code /attachments/...} and on
 * the media proxy path {@code /media/attachments/...}. A link that is unsigned, tampered with
 * or expired, or whose attachment is gone, gets Discord CDN's 404 "This content is no longer
 * available." Supports single byte ranges. Download faults (bandwidth cap, a flipped byte, a
 * connection cut part-way) apply here.
 */
final class CdnRoute {
    static final String ROUTE = "GET /attachments/{channel.id}/{attachment.id}/{filename}";
    private static final Logger LOG = LoggerFactory.getLogger(CdnRoute.class);
    private static final byte[] GONE = "This content is no longer available.".getBytes(StandardCharsets.UTF_8);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final StateStore store;
    private final LinkSigner signer;
    private final FaultInjector faults;
    private final RequestLog log;
    private final Clock clock;
    private final ExchangeNotifier exchanges;

    CdnRoute(StateStore store, LinkSigner signer, FaultInjector faults, RequestLog log, Clock clock,
             ExchangeNotifier exchanges) {
        this.store = store;
        this.signer = signer;
        this.faults = faults;
        this.log = log;
        this.clock = clock;
        this.exchanges = exchanges;
    }

    void handle(Context ctx) {
        Download download = new Download(ctx, clock.instant());
        try {
            faults.delay();
            serve(download);
        } catch (ConnectionAborter.Aborted e) {
            download.log(0);
        } catch (IOException e) {
            LOG.debug("download of {} ended early: {}", ctx.path(), e.toString());
        } finally {
            download.log(ctx.statusCode());
        }
    }

    /**
     * One download and its log entry. The entry is written before the last body bytes (or the
     * reset) leave, because a client that has its whole answer may look at the log at once.
     */
    private final class Download {
        final Context ctx;
        final Instant arrived;
        long written;
        boolean logged;

        Download(Context ctx, Instant arrived) {
            this.ctx = ctx;
            this.arrived = arrived;
        }

        void log(int status) {
            if (logged) {
                return;
            }
            logged = true;
            String path = ctx.path().startsWith(MessageView.MEDIA_PREFIX)
                    ? ctx.path().substring(MessageView.MEDIA_PREFIX.length()) : ctx.path();
            String route = ROUTE.replace("GET", ctx.method().name());
            log.add(new RequestRecord(arrived, ctx.method().name(), route, path, status, 0, written, null));
            if (status != 0) {
                exchanges.cdn(ctx, route);
            }
        }
    }

    private void serve(Download download) throws IOException {
        Context ctx = download.ctx;
        Optional<Path> file = authorizedFile(ctx);
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result(GONE);
            download.written = GONE.length;
            return;
        }
        AttachmentRef ref = store.attachment(Long.parseLong(ctx.pathParam("attachment_id"))).orElseThrow();
        long size = Files.size(file.get());
        long start = 0;
        long end = size - 1;
        String range = ctx.header("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range.strip());
            long[] bounds = m.matches() ? bounds(m, size) : null;
            if (bounds == null) {
                ctx.status(416).header("Content-Range", "bytes */" + size).result(new byte[0]);
                return;
            }
            start = bounds[0];
            end = bounds[1];
            ctx.status(206).header("Content-Range", "bytes " + start + "-" + end + "/" + size);
        } else {
            ctx.status(200);
        }
        String type = ref.attachment().contentType();
        ctx.contentType(type != null ? type : "application/octet-stream");
        ctx.header("Accept-Ranges", "bytes");
        long length = size == 0 ? 0 : end - start + 1;
        ctx.res().setContentLengthLong(length);
        if (ctx.method().name().equals("HEAD")) {
            return;
        }
        stream(download, file.get(), start, length);
    }

    /** The file behind a correctly signed, unexpired link to an existing attachment. */
    private Optional<Path> authorizedFile(Context ctx) {
        String channel = ctx.pathParam("channel_id");
        String attachment = ctx.pathParam("attachment_id");
        String filename = ctx.pathParam("filename");
        Optional<Long> attachmentId = Snowflakes.parse(attachment);
        Optional<Long> channelId = Snowflakes.parse(channel);
        if (attachmentId.isEmpty() || channelId.isEmpty()) {
            return Optional.empty();
        }
        String signedPath = LinkSigner.attachmentPath(channelId.get(), attachmentId.get(), filename);
        if (!signer.verify(signedPath, ctx.queryParam("ex"), ctx.queryParam("is"), ctx.queryParam("hm"))) {
            return Optional.empty();
        }
        return store.attachment(attachmentId.get())
                .filter(r -> r.channelId() == channelId.get() && r.attachment().filename().equals(filename))
                .map(r -> store.files().path(r.attachment().id()));
    }

    /** {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}; null when unsatisfiable. */
    private static long[] bounds(Matcher m, long size) {
        String first = m.group(1);
        String last = m.group(2);
        if (first.isEmpty() && last.isEmpty()) {
            return null;
        }
        long start;
        long end;
        if (first.isEmpty()) {
            long suffix = Long.parseLong(last);
            start = Math.max(0, size - suffix);
            end = size - 1;
        } else {
            start = Long.parseLong(first);
            end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
        }
        return start > end || start >= size ? null : new long[] {start, end};
    }

    /** Writes the byte range, applying the corruption, cut and bandwidth faults drawn for it. */
    private void stream(Download download, Path file, long start, long length) throws IOException {
        Context ctx = download.ctx;
        long corruptAt = faults.corruptDownload() ? faults.nextIndex(length) : -1;
        int flipMask = corruptAt >= 0 ? faults.nextFlipMask() : 0;
        long cutAt = faults.resetMidDownload() ? (length > 1 ? 1 + faults.nextIndex(length - 1) : 0) : -1;
        long bandwidth = faults.bandwidthBytesPerSecond();
        OutputStream out = ctx.res().getOutputStream();
        if (bandwidth > 0) {
            out = new ThrottledOutputStream(out, bandwidth);
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(start);
            byte[] buf = new byte[64 * 1024];
            long sent = 0;
            while (sent < length) {
                int want = (int) Math.min(buf.length, cutAt >= 0 ? Math.min(length, cutAt) - sent : length - sent);
                if (want <= 0) {
                    out.flush();
                    download.log(0);
                    ConnectionAborter.abort(ctx.req());
                    throw new ConnectionAborter.Aborted();
                }
                int n = in.readNBytes(buf, 0, want);
                if (n <= 0) {
                    break;
                }
                if (corruptAt >= sent && corruptAt < sent + n) {
                    buf[(int) (corruptAt - sent)] ^= (byte) flipMask;
                }
                download.written = sent + n;
                if (sent + n == length) {
                    download.log(ctx.statusCode());
                }
                out.write(buf, 0, n);
                sent += n;
            }
            out.flush();
        }
    }
}
