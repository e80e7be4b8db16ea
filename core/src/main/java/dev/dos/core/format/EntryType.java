package dev.dos.core.format;

/** Kinds of entries a batch stores. Special files (devices, FIFOs, sockets) are skipped at upload. */
public enum EntryType { FILE, DIR, SYMLINK }
