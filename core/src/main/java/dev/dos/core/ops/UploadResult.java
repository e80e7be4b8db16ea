package dev.dos.core.ops;

import java.util.List;

/**
 * What an upload stored.
 *
 * @param batchId       the new batch's id (32 hex digits)
 * @param name          its local display name
 * @param originalBytes bytes of the uploaded files
 * @param storedBytes   bytes stored on the remote (chunks only)
 * @param chunkCount    number of chunks
 * @param entryCount    number of entries (files, directories, symlinks)
 * @param warnings      what was skipped or stored differently from what was found
 */
public record UploadResult(String batchId, String name, long originalBytes, long storedBytes, int chunkCount,
                           long entryCount, List<String> warnings) {
    public UploadResult {
        warnings = List.copyOf(warnings);
    }
}
