package dev.dos.emulator.store;

import java.io.IOException;

/** Where state changes go so they survive a restart. */
interface Journal extends AutoCloseable {

    /** For the in-memory mode: remembers nothing. */
    Journal NONE = new Journal() {
        @Override
        public void append(JournalEntry entry) {
        }

        @Override
        public void close() {
        }
    };

    void append(JournalEntry entry) throws IOException;

    @Override
    void close() throws IOException;
}
