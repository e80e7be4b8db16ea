package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage done behind our back to what the (emulated) Discord stores, the way a storage fault would:
 * the attachment files under the sandbox emulator's data directory are altered or removed.
 */
class DamageDetectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    Path src;
    String batchId;
    JsonNode info;


    private SandboxHome.Run dos(String... args) {
        return new SandboxHome(home).dos(args);
    }

    private Path attachments() {
        return home.resolve(".local/share/dos/sandbox/emulator/attachments");
    }

    @BeforeEach
    void uploadATreeInSeveralChunks() throws Exception {
        src = Files.createDirectories(home.resolve("src"));
        Random random = new Random(7);
        for (String name : List.of("first.bin", "second.bin", "third.bin")) {
            byte[] bytes = new byte[120_000];
            random.nextBytes(bytes);
            Files.write(src.resolve(name), bytes);
        }
        SandboxHome.Run up = dos("upload", "--json", "-q", "--chunk-size", "100000", src.toString());
        assertThat(up.code()).as(up.err()).isZero();
        batchId = JSON.readTree(up.out()).get("batch_id").asText();
        info = JSON.readTree(dos("info", batchId, "--json").out());
        assertThat(info.get("chunk_list").size()).isGreaterThan(2);
    }

    private Path chunkFile(int index) {
        return attachments().resolve(info.get("chunk_list").get(index).get("attachment_id").asText());
    }

    @Test
    void aCorruptedChunkIsNamedWithTheFilesItHoldsAndTheOtherFilesStillRestore() throws Exception {
        Path chunk = chunkFile(0);
        byte[] bytes = Files.readAllBytes(chunk);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(chunk, bytes);

        SandboxHome.Run verify = dos("verify", batchId, "--json", "-q");
        assertThat(verify.code()).isEqualTo(ExitCode.INTEGRITY);
        JsonNode report = JSON.readTree(verify.out()).get("batches").get(0);
        assertThat(report.get("bad_chunks").get(0).get("index").asInt()).isZero();
        assertThat(report.get("bad_chunks").get(0).get("affected_files").toString()).contains("src/first.bin");

        Path dest = home.resolve("dest");
        SandboxHome.Run down = dos("download", batchId, dest.toString(), "-q");
        assertThat(down.code()).isEqualTo(ExitCode.PARTIAL);
        assertThat(dest.resolve("src/first.bin")).doesNotExist();
        assertThat(Files.mismatch(src.resolve("third.bin"), dest.resolve("src/third.bin"))).isEqualTo(-1L);
    }

    @Test
    void aDeletedChunkIsReportedAsDamage() throws Exception {
        Files.delete(chunkFile(1));
        SandboxHome.Run verify = dos("verify", batchId, "--deep", "-q");
        assertThat(verify.code()).isEqualTo(ExitCode.INTEGRITY);
        assertThat(verify.out()).contains("DAMAGED").contains("chunk 1");
    }

    @Test
    void aMissingManifestOnTheBatchCardFailsVerifyBecauseARebuildWouldNeedIt() throws Exception {
        Set<String> chunkIds = new HashSet<>();
        info.get("chunk_list").forEach(c -> chunkIds.add(c.get("attachment_id").asText()));
        List<Path> others;
        try (Stream<Path> files = Files.list(attachments())) {
            others = files.filter(p -> !chunkIds.contains(p.getFileName().toString())).toList();
        }
        assertThat(others).as("the manifest attachment").hasSize(1);
        Files.delete(others.getFirst());

        SandboxHome.Run verify = dos("verify", batchId, "--json", "-q");
        assertThat(verify.code()).isEqualTo(ExitCode.INTEGRITY);
        assertThat(JSON.readTree(verify.out()).get("batches").get(0).get("card_problem").asText())
                .contains("manifest on the batch card");
    }
}
