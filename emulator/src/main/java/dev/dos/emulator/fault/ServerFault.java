package dev.dos.emulator.fault;

/** A server error answered instead of carrying out a request. */
public enum ServerFault {
    NONE,
    INTERNAL_SERVER_ERROR,
    BAD_GATEWAY,
    SERVICE_UNAVAILABLE
}
