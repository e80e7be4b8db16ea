package dev.dos.core.meta;

/** What a job does. */
public enum JobKind { UPLOAD, DOWNLOAD, VERIFY, RESUME, SYNC, BACKUP, DELETE }
