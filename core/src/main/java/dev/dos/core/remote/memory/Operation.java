package dev.dos.core.remote.memory;

/** The operations of a {@link dev.dos.core.remote.StorageRemote}, for counting and fault injection. */
public enum Operation {
    LIMITS,
    CREATE_CONTAINER,
    LIST_CONTAINERS,
    SEAL_CONTAINER,
    DELETE_CONTAINER,
    POST,
    EDIT_TEXT,
    GET_POST,
    LIST_POSTS,
    DELETE_POST,
    PIN,
    UNPIN,
    PINNED_POSTS,
    OPEN_BLOB
}
