package dev.dos.app.jobs;

/** What a job does. */
public enum JobKind { UPLOAD, DOWNLOAD, VERIFY, RESUME, SYNC, BACKUP, DELETE }
