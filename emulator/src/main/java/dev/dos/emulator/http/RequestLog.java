package dev.dos.emulator.http;

import dev.dos.emulator.RequestRecord;
import java.util.ArrayDeque;
import java.util.List;

/** The most recent requests, oldest first, for tests to assert on. */
public final class RequestLog {
    private final int capacity;
    private final ArrayDeque<RequestRecord> records = new ArrayDeque<>();

    public RequestLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(RequestRecord record) {
        if (records.size() == capacity) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    public synchronized List<RequestRecord> snapshot() {
        return List.copyOf(records);
    }

    public synchronized void clear() {
        records.clear();
    }
}
