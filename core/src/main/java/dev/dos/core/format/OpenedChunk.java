package dev.dos.core.format;

import dev.dos.core.compress.Codec;

/**
 * An authenticated chunk: its header, and its decrypted plaintext whose payload sits at
 * {@link ChunkFormat#INNER_HEADER_BYTES}.
 */
record OpenedChunk(ChunkHeader header, Codec codec, long rawLength, byte[] plaintext) {
    int payloadOffset() {
        return ChunkFormat.INNER_HEADER_BYTES;
    }

    int payloadLength() {
        return plaintext.length - ChunkFormat.INNER_HEADER_BYTES;
    }
}
