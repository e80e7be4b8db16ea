package dev.dos.discord.internal;

import dev.dos.core.remote.RemoteException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens an attachment through its signed CDN link, and when the CDN refuses the link (it expired,
 * or Discord re-signed it), gets a fresh one: first from {@code POST /attachments/refresh-urls},
 * then by reading the message again. Links live only in memory, for one download.
 */
public final class FreshLinks implements AttachmentStream.Opener {

    /** The two ways to a fresh link, both REST calls. */
    public interface Source {
        /** A re-signed link for {@code url}. */
        String refresh(String url) throws RemoteException;

        /** The attachment's link as its message lists it now; NotFound if it is gone. */
        String refetch() throws RemoteException;
    }

    private final CdnFetcher cdn;
    private final Source source;
    private final long size;
    private final String what;
    private String url;

    public FreshLinks(CdnFetcher cdn, Source source, String url, long size, String what) {
        this.cdn = cdn;
        this.source = source;
        this.url = url;
        this.size = size;
        this.what = what;
    }

    @Override
    public InputStream open(long offset) throws IOException {
        return openRange(offset, size);
    }

    /**
     * An opener of the bytes {@code [start, start + length)} only, positions counted from
     * {@code start} (a chunk inside a pack): each (re)connection asks the CDN for the rest of that
     * range alone.
     */
    public AttachmentStream.Opener window(long start, long length) {
        return position -> openRange(start + position, start + length);
    }

    private InputStream openRange(long offset, long end) throws IOException {
        try {
            return cdn.open(url, offset, end, size);
        } catch (LinkRefusedException first) {
            try {
                url = source.refresh(url);
            } catch (RemoteException.Rejected | RemoteException.NotFound e) {
                url = source.refetch();
                return openOrGone(offset, end);
            }
        }
        try {
            return cdn.open(url, offset, end, size);
        } catch (LinkRefusedException second) {
            url = source.refetch();
            return openOrGone(offset, end);
        }
    }

    private InputStream openOrGone(long offset, long end) throws IOException {
        try {
            return cdn.open(url, offset, end, size);
        } catch (LinkRefusedException refused) {
            throw new RemoteException.NotFound("Discord's CDN refuses " + what + " (" + refused.status()
                    + ") even through a freshly signed link");
        }
    }
}
