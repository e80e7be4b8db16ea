package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds what an interrupted upload may have created on the remote although the local index never
 * learned its id: the process died after the remote acted but before the answer was journaled.
 * Both lookups go by the clear names and ids every batch carries (thread name, card text), so they
 * need nothing from the index. They cost a listing each, so callers use them only when the index
 * says such a leftover may exist.
 */
final class RemoteLeftovers {

    private RemoteLeftovers() {
    }

    /** Ids of the containers named for {@code batch}, oldest listing order first. */
    static List<String> containers(StorageRemote remote, BatchId batch) throws RemoteException {
        String name = RemoteNames.container(batch);
        return remote.listContainers().stream().filter(c -> c.name().equals(name)).map(ContainerInfo::id).toList();
    }

    /** Ids of the extra lanes named for {@code batch}, by lane number, each in listing order. */
    static Map<Integer, List<String>> lanes(StorageRemote remote, BatchId batch) throws RemoteException {
        Map<Integer, List<String>> lanes = new TreeMap<>();
        for (ContainerInfo container : remote.listContainers()) {
            RemoteNameParser.laneNumber(batch, container.name()).ifPresent(k ->
                    lanes.computeIfAbsent(k, n -> new ArrayList<>()).add(container.id()));
        }
        return lanes;
    }

    /** The index-area posts whose card announces {@code batch}, oldest first. */
    static List<Post> cards(StorageRemote remote, BatchId batch) throws RemoteException {
        String area = remote.areaId(StorageRemote.Area.INDEX);
        List<Post> found = new ArrayList<>();
        PostPages.forEach(remote, area, null, post -> {
            if (BatchCard.parse(post.text()).filter(card -> card.batchId().equals(batch.hex())).isPresent()) {
                found.add(post);
            }
        });
        return found;
    }

    /** A post's blobs, concatenated in order: a card's manifest envelope. */
    static byte[] blobContent(StorageRemote remote, Post post) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(blobBytes(post)));
        for (Blob blob : post.blobs()) {
            try (InputStream in = remote.openBlob(blob.ref())) {
                in.transferTo(out);
            }
        }
        return out.toByteArray();
    }

    /** Total bytes of a post's blobs: a card's manifest envelope length. */
    static long blobBytes(Post post) {
        return post.blobs().stream().mapToLong(Blob::size).sum();
    }
}
