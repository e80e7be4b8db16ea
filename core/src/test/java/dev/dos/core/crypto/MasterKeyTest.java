package dev.dos.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] ID = HEX.parseHex("f0e0d0c0b0a090807060504030201000");

    @Test
    void fingerprintIsHkdfWithTheFingerprintLabelAndNoSalt() {
        MasterKey key = MasterKey.fromBytes(KEY);

        assertThat(key.fingerprint().bytes()).isEqualTo(bouncyCastleHkdf(KEY, null, "dos/v1/fingerprint", 16));
        assertThat(key.fingerprint()).isEqualTo(MasterKey.fromBytes(KEY).fingerprint());
        assertThat(MasterKey.generate().fingerprint()).isNotEqualTo(key.fingerprint());
    }

    @Test
    void streamKeysUseTheDocumentedLabelsWithTheStreamIdAsSalt() throws Exception {
        MasterKey key = MasterKey.fromBytes(KEY);
        StreamKey batch = key.streamKey(KeyPurpose.BATCH, ID);

        assertThat(batch.cipherKey().getEncoded()).isEqualTo(bouncyCastleHkdf(KEY, ID, "dos/v1/batch", 32));
        byte[] mac = hmac(bouncyCastleHkdf(KEY, ID, "dos/v1/batch/nonce", 32), new byte[] {1, 2, 3, 4});
        assertThat(batch.nonceFor(new byte[] {1, 2}, 2, new byte[] {3, 4}, 0, 2))
                .isEqualTo(Arrays.copyOf(mac, 12));
        assertThat(key.streamKey(KeyPurpose.MANIFEST, ID).cipherKey().getEncoded())
                .isEqualTo(bouncyCastleHkdf(KEY, ID, "dos/v1/manifest", 32));
        assertThat(key.streamKey(KeyPurpose.BACKUP, ID).cipherKey().getEncoded())
                .isEqualTo(bouncyCastleHkdf(KEY, ID, "dos/v1/backup", 32));
    }

    @Test
    void keysDifferByPurposeAndByStream() {
        MasterKey key = MasterKey.fromBytes(KEY);
        byte[] otherId = ID.clone();
        otherId[0] ^= 1;

        assertThat(key.streamKey(KeyPurpose.BATCH, ID).cipherKey().getEncoded())
                .isNotEqualTo(key.streamKey(KeyPurpose.MANIFEST, ID).cipherKey().getEncoded())
                .isNotEqualTo(key.streamKey(KeyPurpose.BATCH, otherId).cipherKey().getEncoded());
    }

    @Test
    void syntheticNoncesRepeatOnlyForTheSameMessage() {
        StreamKey key = MasterKey.fromBytes(KEY).streamKey(KeyPurpose.BATCH, ID);
        byte[] prefix = {9, 9};

        byte[] a = key.nonceFor(prefix, 2, new byte[] {1, 2, 3}, 0, 3);
        assertThat(key.nonceFor(prefix, 2, new byte[] {1, 2, 3}, 0, 3)).isEqualTo(a).hasSize(12);
        assertThat(key.nonceFor(prefix, 2, new byte[] {1, 2, 4}, 0, 3)).isNotEqualTo(a);
        assertThat(key.nonceFor(new byte[] {9, 8}, 2, new byte[] {1, 2, 3}, 0, 3)).isNotEqualTo(a);
    }

    @Test
    void rejectsKeysOfTheWrongLengthAndNeverPrintsTheKey() {
        assertThatThrownBy(() -> MasterKey.fromBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThat(MasterKey.fromBytes(KEY).toString()).doesNotContain(HEX.formatHex(KEY)).contains("fingerprint");
    }

    static byte[] bouncyCastleHkdf(byte[] ikm, byte[] salt, String info, int length) {
        HKDFBytesGenerator bc = new HKDFBytesGenerator(new SHA256Digest());
        bc.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[length];
        bc.generateBytes(out, 0, length);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    @Test
    void streamKeysAreEqualWhenDerivedAgainForTheSameStreamOnly() {
        MasterKey key = MasterKey.generate();
        byte[] id = new byte[StreamKey.ID_BYTES];
        byte[] otherId = new byte[StreamKey.ID_BYTES];
        otherId[0] = 1;
        StreamKey first = key.streamKey(KeyPurpose.BATCH, id);

        assertThat(key.streamKey(KeyPurpose.BATCH, id)).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(key.streamKey(KeyPurpose.BATCH, otherId)).isNotEqualTo(first);
        assertThat(key.streamKey(KeyPurpose.BACKUP, id)).isNotEqualTo(first);
        assertThat(MasterKey.generate().streamKey(KeyPurpose.BATCH, id)).isNotEqualTo(first);
    }
}
