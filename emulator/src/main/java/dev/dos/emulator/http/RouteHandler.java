package dev.dos.emulator.http;

import java.io.IOException;

/** Carries out one API route for one request. */
@FunctionalInterface
public interface RouteHandler {
    void handle(ApiCall call) throws IOException;
}
