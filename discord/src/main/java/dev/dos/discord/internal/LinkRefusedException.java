package dev.dos.discord.internal;

/** The CDN refused a signed link (expired, tampered or deleted): a fresh link may work. */
public final class LinkRefusedException extends Exception {
    private final int status;

    public LinkRefusedException(int status) {
        super("the CDN refused the link (" + status + ")", null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
