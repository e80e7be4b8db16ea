package dev.dos.core.meta;

/** Orders for batch listings. Ties are broken by batch id, so pages never overlap or skip. */
public enum BatchSort {
    /** By creation time. */
    CREATED,
    /** By original (uncompressed) size. */
    SIZE,
    /** By display name, ignoring ASCII case. */
    NAME
}
