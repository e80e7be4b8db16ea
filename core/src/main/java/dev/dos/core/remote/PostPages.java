package dev.dos.core.remote;

import java.util.List;

/**
 * Walks a container's posts oldest first, one page per request, the way every reader of an area or
 * thread does: pages of {@link #PAGE}, each continuing after the last post of the one before, until
 * a short page.
 */
public final class PostPages {
    /** Discord returns at most 100 messages per request. */
    public static final int PAGE = 100;

    private PostPages() {
    }

    /** What to do with each post. */
    @FunctionalInterface
    public interface Visitor {
        void visit(Post post) throws RemoteException;
    }

    /**
     * Visits every post of {@code containerId} created after {@code afterPostId} (null: from the
     * start), oldest first.
     *
     * @return the id of the last post visited, or {@code afterPostId} when there was none after it
     * @throws RemoteException.NotFound if the container does not exist
     */
    public static String forEach(StorageRemote remote, String containerId, String afterPostId, Visitor visitor)
            throws RemoteException {
        String cursor = afterPostId;
        while (true) {
            List<Post> page = remote.listPosts(containerId, cursor, PAGE);
            for (Post post : page) {
                visitor.visit(post);
            }
            if (!page.isEmpty()) {
                cursor = page.getLast().id();
            }
            if (page.size() < PAGE) {
                return cursor;
            }
        }
    }
}
