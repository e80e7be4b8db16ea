package dev.dos.core.remote.memory;

import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.StorageRemoteConformance;

class InMemoryRemoteConformanceTest extends StorageRemoteConformance {
    @Override
    protected StorageRemote newRemote() {
        return new InMemoryRemote();
    }
}
