package dev.dos.emulator.model;

/** The sandbox guild. Its boost tier is runtime configuration, not stored state. */
public record Guild(long id, String name, long ownerId) {
}
