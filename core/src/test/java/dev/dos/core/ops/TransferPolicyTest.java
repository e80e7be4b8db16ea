package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.remote.ThrottledRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one policy a process's operations share: its options, and its bandwidth cap as a paced remote. */
class TransferPolicyTest {
    @TempDir
    Path dir;

    @Test
    void withoutACapOperationsRunOnTheRepositoryItselfAndWithOneOnAPacedRemote() throws Exception {
        try (SqliteMetadataStore metadata = SqliteMetadataStore.open(dir.resolve("metadata.db"))) {
            Repository repo = new Repository(new InMemoryRemote(), metadata, MasterKey.generate());
            TransferPolicy policy = TransferPolicy.defaults();
            assertThat(policy.options()).isEqualTo(TransferOptions.defaults());
            assertThat(policy.pace(repo)).isSameAs(repo);

            policy.set(new TransferOptions(2, 5 << 20));
            Repository paced = policy.pace(repo);
            assertThat(paced.remote()).isInstanceOf(ThrottledRemote.class);
            assertThat(paced.metadata()).isSameAs(metadata);
            assertThat(policy.options().transfers()).isEqualTo(2);

            policy.set(TransferOptions.defaults());
            assertThat(policy.pace(repo)).as("the cap lifted for operations started afterwards").isSameAs(repo);
            assertThat(paced.remote()).as("a running operation keeps its pace").isInstanceOf(ThrottledRemote.class);
        }
    }
}
