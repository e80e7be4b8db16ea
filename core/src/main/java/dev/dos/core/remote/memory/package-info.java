/**
 * A complete {@link dev.dos.core.remote.StorageRemote} held in memory, for tests of the layers
 * above the remote. It passes the same conformance suite as the Discord remote.
 */
package dev.dos.core.remote.memory;
