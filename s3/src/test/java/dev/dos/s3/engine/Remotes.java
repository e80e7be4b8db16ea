package dev.dos.s3.engine;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Remote helpers for the engine's tests: reading lanes, failing commit posts. */
final class Remotes {
    private Remotes() {
    }

    /** Every post of every lane of a store. */
    static List<Post> lanePosts(StorageRemote remote, List<String> lanes) throws RemoteException {
        List<Post> posts = new ArrayList<>();
        for (String lane : lanes) {
            PostPages.forEach(remote, lane, null, posts::add);
        }
        return posts;
    }

    static boolean isCommit(Post post) {
        return post.text().startsWith(S3Names.COMMIT_PREFIX);
    }

    /** Data posts: no text, chunks of a body. */
    static long dataPosts(List<Post> posts) {
        return posts.stream().filter(p -> p.text().isEmpty()
                && p.blobs().stream().allMatch(b -> b.name().endsWith(".s3c"))).count();
    }

    /**
     * A remote whose commit posts can be made to fail: before they reach the remote
     * ({@link #failCommits}), or after the remote stored them, as when the answer is lost
     * ({@link #loseCommitAnswers}).
     */
    static final class FailingCommits extends ForwardingRemote {
        private final AtomicInteger failBefore = new AtomicInteger();
        private final AtomicInteger failAfter = new AtomicInteger();

        FailingCommits(StorageRemote delegate) {
            super(delegate);
        }

        void failCommits(int n) {
            failBefore.set(n);
        }

        void loseCommitAnswers(int n) {
            failAfter.set(n);
        }

        @Override
        public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
            boolean commit = text.startsWith(S3Names.COMMIT_PREFIX);
            if (commit && failBefore.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new RemoteException.Transient("commit post refused (test)", null);
            }
            Post post = super.post(containerId, text, blobs);
            if (commit && failAfter.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new RemoteException.Transient("the answer to the commit post was lost (test)", null);
            }
            return post;
        }

        @Override
        public void close() {
            // the delegate belongs to the test
        }
    }
}
