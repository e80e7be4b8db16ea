package dev.dos.discord.api;

/** Thread state: archived threads do not count toward the 1,000 active threads of a guild. */
public record ThreadMetadata(boolean archived, int autoArchiveDuration, String archiveTimestamp, boolean locked) {
}
