package dev.dos.core.pack;

/** What packing does when a file or directory cannot be read. */
public enum UnreadablePolicy {
    /** Leave it out, report a {@link PackWarning}, carry on. */
    SKIP_AND_REPORT,
    /** Stop packing with the I/O error. */
    ABORT
}
