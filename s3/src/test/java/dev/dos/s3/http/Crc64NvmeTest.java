package dev.dos.s3.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The checksums S3 names, against published check values (the SDK needs its native CRT for CRC64NVME). */
class Crc64NvmeTest {
    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void crc64NvmeHasTheCatalogueCheckValue() {
        Crc64Nvme crc = new Crc64Nvme();
        crc.update(CHECK, 0, CHECK.length);
        assertThat(crc.getValue()).isEqualTo(0xAE8B14860A799888L);
        crc.reset();
        for (byte b : CHECK) {
            crc.update(b);
        }
        assertThat(crc.getValue()).isEqualTo(0xAE8B14860A799888L);
    }

    @Test
    void valuesAreTheBase64OfTheBigEndianChecksum() {
        ChecksumAlgorithm.Running crc32 = ChecksumAlgorithm.CRC32.start();
        crc32.update(CHECK, 0, CHECK.length);
        assertThat(crc32.value()).containsExactly(0xCB, 0xF4, 0x39, 0x26);
        ChecksumAlgorithm.Running crc32c = ChecksumAlgorithm.CRC32C.start();
        crc32c.update(CHECK, 0, CHECK.length);
        CRC32C reference = new CRC32C();
        reference.update(CHECK);
        assertThat(Long.parseLong(java.util.HexFormat.of().formatHex(crc32c.value()), 16)).isEqualTo(reference.getValue());
        ChecksumAlgorithm.Running crc64 = ChecksumAlgorithm.CRC64NVME.start();
        crc64.update(CHECK, 0, CHECK.length);
        assertThat(Base64.getEncoder().encodeToString(crc64.value())).isEqualTo(
                Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(8).putLong(0xAE8B14860A799888L).array()));
    }
}
