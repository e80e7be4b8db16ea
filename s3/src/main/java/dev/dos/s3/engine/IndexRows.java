package dev.dos.s3.engine;

import dev.dos.core.remote.BlobRef;
import dev.dos.s3.store.ObjectInfo;
import java.util.List;

/** Rows of the S3 index, as the store reads them. */
final class IndexRows {
    private IndexRows() {
    }

    /** An object and the data streams it is made of, in order. */
    record StoredObject(ObjectInfo info, List<StreamRow> streams) {
        StoredObject {
            streams = List.copyOf(streams);
        }
    }

    /** A data stream: its id, decoded size and chunk count. */
    record StreamRow(String dataId, long size, int chunks) {
    }

    /** Where chunk {@code index} of stream {@code dataId} lives. */
    record ChunkRow(String dataId, int index, long raw, long stored, int lane, String postId, String blobId,
                    long offset) {
        BlobRef ref(List<String> lanes) {
            return new BlobRef(lanes.get(lane), postId, blobId);
        }

        ChunkLoc loc() {
            return ChunkLoc.at(raw, stored, lane, postId, blobId, offset);
        }
    }

    /** A part of an upload. */
    record PartRow(int number, long size, String etag, long modified, String dataId) {
    }

    /** A registered post and how many of its bytes are still live. */
    record PostRow(int lane, String postId, long bytes, long seq, long live) {
    }

    /** A post of a lane, by number. */
    record LanePost(int lane, String postId) {
        @Override
        public String toString() {
            return lane + ":" + postId;
        }

        static LanePost parse(String text) {
            int colon = text.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("not <lane>:<post id>: " + text);
            }
            return new LanePost(Integer.parseInt(text.substring(0, colon)), text.substring(colon + 1));
        }
    }
}
