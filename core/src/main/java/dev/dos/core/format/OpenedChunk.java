package dev.dos.core.format;

import dev.dos.core.compress.Codec;

/**
 * An authenticated chunk ({@link ChunkOpener}): its header, and its decrypted plaintext whose
 * payload sits at {@link ChunkFormat#INNER_HEADER_BYTES}. Readers only read the plaintext, so one
 * opened chunk may be handed to several readers in turn.
 */
public record OpenedChunk(ChunkHeader header, Codec codec, long rawLength, byte[] plaintext) {
    public int payloadOffset() {
        return ChunkFormat.INNER_HEADER_BYTES;
    }

    public int payloadLength() {
        return plaintext.length - ChunkFormat.INNER_HEADER_BYTES;
    }
}
