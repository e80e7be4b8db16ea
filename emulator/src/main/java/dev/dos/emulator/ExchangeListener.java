package dev.dos.emulator;

/**
 * Sees every API and CDN exchange of an emulator, on the request's thread, just before the answer
 * leaves (so whatever the listener records is there when the client has its answer). Listeners
 * come from {@link EmulatorConfig.Builder#exchangeListener} and from
 * {@code META-INF/services/dev.dos.emulator.ExchangeListener} on the class path: the test suite's
 * validation against Discord's OpenAPI description is installed that way. Must be thread-safe;
 * an exception it throws is logged and does not change the answer.
 */
@FunctionalInterface
public interface ExchangeListener {
    void exchanged(Exchange exchange);
}
