package dev.dos.core.remote;

import dev.dos.core.remote.memory.InMemoryRemote;

/** With no fault set, the fault-injecting wrapper keeps the storage contract of the remote it wraps. */
class FaultyRemoteConformanceTest extends StorageRemoteConformance {
    @Override
    protected StorageRemote newRemote() {
        return new FaultyRemote(new InMemoryRemote());
    }
}
