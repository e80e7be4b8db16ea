/**
 * The store's key beyond the local key file (docs/FORMAT.md sections 14 and 15): the copy
 * published (wrapped, pinned) in the remote's backup area, found again to recover a lost machine,
 * and the rule a passphrase must pass before a key wrapped under it is published.
 */
package dev.dos.core.keys;
