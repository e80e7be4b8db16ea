package dev.dos.core.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.FaultyRemote.Fault;
import dev.dos.core.remote.FaultyRemote.Gate;
import dev.dos.core.remote.FaultyRemote.Operation;
import dev.dos.core.remote.StorageRemote.Area;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the fault-injecting wrapper offers tests beyond the storage contract. */
class FaultyRemoteTest {
    private final InMemoryRemote inner = new InMemoryRemote();
    private final FaultyRemote remote = new FaultyRemote(inner);

    @Test
    void queuedFailuresAreThrownInOrderThenCallsSucceedAndEveryCallIsCounted() throws Exception {
        String id = remote.createContainer("faulty");
        RemoteException first = new RemoteException.Transient("first", null);
        RemoteException second = new RemoteException.Forbidden("second");
        remote.failNext(Operation.POST, first).failNext(Operation.POST, second);

        assertThatThrownBy(() -> remote.post(id, "a", List.of())).isSameAs(first);
        assertThatThrownBy(() -> remote.post(id, "b", List.of())).isSameAs(second);
        Post stored = remote.post(id, "c", List.of());

        assertThat(inner.listPosts(id, null, 10)).as("failed calls never reach the remote").containsExactly(stored);
        assertThat(remote.listPosts(id, null, 10)).containsExactly(stored);
        assertThat(remote.calls(Operation.POST)).isEqualTo(3);
        assertThat(remote.calls(Operation.LIST_POSTS)).isEqualTo(1);
        assertThat(remote.calls(Operation.OPEN_BLOB)).isZero();
        assertThat(remote.calls()).isEqualTo(5);
    }

    @Test
    void aFailureCanRepeatAndBeAimedAtOneContainerOrOneCallNumber() throws Exception {
        String a = remote.createContainer("a");
        String b = remote.createContainer("b");
        remote.inject(Operation.POST, call -> a.equals(call.containerId()), 2,
                Fault.fail(new RemoteException.Transient("503", null)));
        remote.injectAt(Operation.POST, 5, Fault.fail(new RemoteException.Rejected("fifth")));

        assertThat(remote.post(b, "1", List.of())).isNotNull();
        assertThatThrownBy(() -> remote.post(a, "2", List.of())).isInstanceOf(RemoteException.Transient.class);
        assertThatThrownBy(() -> remote.post(a, "3", List.of())).isInstanceOf(RemoteException.Transient.class);
        assertThat(remote.post(a, "4", List.of())).isNotNull();
        assertThatThrownBy(() -> remote.post(b, "5", List.of())).hasMessage("fifth");
        assertThat(remote.post(b, "6", List.of())).isNotNull();
    }

    @Test
    void aLostAnswerStoresThePostAndATwiceDoneCallStoresItTwice() throws Exception {
        String id = remote.createContainer("lossy");
        remote.inject(Operation.POST, Fault.loseAnswer()).inject(Operation.POST, Fault.twice());

        assertThatThrownBy(() -> remote.post(id, "lost", List.of())).isInstanceOf(RemoteException.Transient.class);
        Post second = remote.post(id, "twice", List.of());

        assertThat(inner.listPosts(id, null, 10)).extracting(Post::text).containsExactly("lost", "twice", "twice");
        assertThat(inner.listPosts(id, null, 10).getLast()).isEqualTo(second);
        assertThat(remote.calls(Operation.POST)).isEqualTo(2);
    }

    @Test
    void aGateHoldsTheChosenCallUntilOpened() throws Exception {
        String batch = remote.createContainer("batch");
        String index = remote.areaId(Area.INDEX);
        Gate gate = remote.gate(Operation.POST, 1, remote.inBatchContainers());
        remote.post(batch, "first passes", List.of());
        remote.post(index, "areas pass", List.of());

        CompletableFuture<Post> held = CompletableFuture.supplyAsync(() -> {
            try {
                return remote.post(batch, "second is held", List.of());
            } catch (RemoteException e) {
                throw new RuntimeException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
        assertThat(gate.awaitHeld(Duration.ofSeconds(30))).isTrue();
        assertThat(inner.listPosts(batch, null, 10)).extracting(Post::text).containsExactly("first passes");
        assertThat(held).isNotDone();

        gate.open();
        assertThat(held.get(30, TimeUnit.SECONDS).text()).isEqualTo("second is held");
        assertThat(remote.post(batch, "third passes", List.of())).isNotNull();
    }

    @Test
    void anOverwrittenBlobReadsTheNewBytesWholeAndInRangesAndKeepsItsRef() throws Exception {
        String id = remote.createContainer("tampered");
        Post post = remote.post(id, "", List.of(new BlobUpload("x.bin", new byte[] {1, 2, 3})));
        BlobRef ref = post.blobs().getFirst().ref();

        remote.overwriteBlob(ref, new byte[] {1, 2, 4, 8});

        try (InputStream in = remote.openBlob(ref)) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 4, 8);
        }
        try (InputStream in = remote.openBlob(ref, 2, 2)) {
            assertThat(in.readAllBytes()).containsExactly(4, 8);
        }
        assertThat(remote.getPost(id, post.id()).orElseThrow().blobs().getFirst().size()).isEqualTo(4);
        assertThat(remote.listPosts(id, null, 1).getFirst().blobs().getFirst().ref()).isEqualTo(ref);
        try (InputStream in = inner.openBlob(ref)) {
            assertThat(in.readAllBytes()).as("the wrapped remote is untouched").containsExactly(1, 2, 3);
        }
        assertThatThrownBy(() -> remote.overwriteBlob(new BlobRef(id, post.id(), "7"), new byte[1]))
                .isInstanceOf(RemoteException.NotFound.class);
        remote.deletePost(id, post.id());
        assertThatThrownBy(() -> remote.openBlob(ref)).isInstanceOf(RemoteException.NotFound.class);
    }
}
