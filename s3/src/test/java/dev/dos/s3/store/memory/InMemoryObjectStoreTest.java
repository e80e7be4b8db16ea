package dev.dos.s3.store.memory;

import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.ObjectStoreConformance;

class InMemoryObjectStoreTest extends ObjectStoreConformance {
    @Override
    protected ObjectStore open() {
        return new InMemoryObjectStore();
    }
}
