package dev.dos.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Known answers from McGrew and Viega, "The Galois/Counter Mode of Operation" (the NIST GCM spec). */
class AesGcmTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void gcmSpecTestCase13EmptyPlaintext() throws Exception {
        SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
        byte[] out = AesGcm.encrypt(key, new byte[12], new byte[0], new byte[0]);

        assertThat(HEX.formatHex(out)).isEqualTo("530f8afbc74536b9a963b4f1c4cb738b");
        assertThat(AesGcm.decrypt(key, new byte[12], new byte[0], out)).isEmpty();
    }

    @Test
    void gcmSpecTestCase14OneZeroBlock() throws Exception {
        SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
        byte[] out = AesGcm.encrypt(key, new byte[12], new byte[0], new byte[16]);

        assertThat(HEX.formatHex(out)).isEqualTo("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919");
    }

    @Test
    void gcmSpecTestCase16WithAssociatedData() throws Exception {
        SecretKeySpec key = new SecretKeySpec(
                HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"), "AES");
        byte[] nonce = HEX.parseHex("cafebabefacedbaddecaf888");
        byte[] plain = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");

        byte[] out = AesGcm.encrypt(key, nonce, aad, plain);

        assertThat(HEX.formatHex(out)).isEqualTo("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" + "76fc6ece0f4e1768cddf8853bb2d551b");
        assertThat(AesGcm.decrypt(key, nonce, aad, out)).isEqualTo(plain);
    }

    /** Encryption feeds the cipher in slices (for speed); the bytes must be exactly the one-call JDK result. */
    @Test
    void slicedEncryptionIsByteForByteTheOneCallResult() throws Exception {
        Random random = new Random(7);
        byte[] rawKey = new byte[AesGcm.KEY_BYTES];
        random.nextBytes(rawKey);
        SecretKey key = new SecretKeySpec(rawKey, "AES");
        int slice = AesGcm.SLICE_BYTES;
        for (int length : new int[] {0, 1, 15, 16, 17, slice - 1, slice, slice + 1, 3 * slice + 7, 1_000_003}) {
            byte[] plain = new byte[length + 5];
            random.nextBytes(plain);
            byte[] nonce = new byte[AesGcm.NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] aad = {1, 2, 3};
            byte[] out = new byte[length + AesGcm.TAG_BYTES + 9];
            int written = AesGcm.encrypt(key, nonce, aad, aad.length, plain, 5, length, out, 9);

            Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            jdk.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            jdk.updateAAD(aad);
            byte[] expected = jdk.doFinal(plain, 5, length);
            assertThat(Arrays.copyOfRange(out, 9, 9 + written)).as("length %d", length).isEqualTo(expected);
            assertThat(AesGcm.decrypt(key, nonce, aad, aad.length, out, 9, written)).as("length %d", length)
                    .isEqualTo(Arrays.copyOfRange(plain, 5, 5 + length));
        }
    }

    @Test
    void anyChangedByteOfCiphertextTagOrAadFailsAuthentication() {
        SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
        byte[] aad = {1, 2, 3};
        byte[] out = AesGcm.encrypt(key, new byte[12], aad, new byte[20]);
        for (int i = 0; i < out.length; i++) {
            byte[] damaged = out.clone();
            damaged[i] ^= 0x01;
            assertThatThrownBy(() -> AesGcm.decrypt(key, new byte[12], aad, damaged))
                    .isInstanceOf(AEADBadTagException.class);
        }
        assertThatThrownBy(() -> AesGcm.decrypt(key, new byte[12], new byte[] {1, 2, 4}, out))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> AesGcm.decrypt(key, new byte[12], aad, new byte[5]))
                .isInstanceOf(AEADBadTagException.class);
    }
}
