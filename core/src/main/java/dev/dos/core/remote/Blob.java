package dev.dos.core.remote;

/** A stored blob as listed in its post. */
public record Blob(BlobRef ref, String name, long size) {
}
