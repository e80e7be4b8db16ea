package dev.dos.core.remote;

/** A batch container as listed: its id, clear name and whether it is sealed (archived). */
public record ContainerInfo(String id, String name, boolean sealed) {
}
