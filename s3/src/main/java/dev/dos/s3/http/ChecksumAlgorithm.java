package dev.dos.s3.http;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The flexible checksums S3 accepts in {@code x-amz-checksum-*} headers or trailers, base64 of the big-endian value. */
enum ChecksumAlgorithm {
    CRC32(4), CRC32C(4), CRC64NVME(8), SHA1(20), SHA256(32);

    /** The length of the decoded value. */
    final int bytes;

    ChecksumAlgorithm(int bytes) {
        this.bytes = bytes;
    }

    /** {@code x-amz-checksum-crc32}, ... */
    String header() {
        return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
    }

    /** The algorithm a header or trailer named {@code name} carries, or null. */
    static ChecksumAlgorithm ofHeader(String name) {
        for (ChecksumAlgorithm a : values()) {
            if (a.header().equalsIgnoreCase(name.strip())) {
                return a;
            }
        }
        return null;
    }

    Running start() {
        return switch (this) {
            case CRC32 -> new OfChecksum(new CRC32(), 4);
            case CRC32C -> new OfChecksum(new CRC32C(), 4);
            case CRC64NVME -> new OfChecksum(new Crc64Nvme(), 8);
            case SHA1 -> new OfDigest(digest("SHA-1"));
            case SHA256 -> new OfDigest(digest("SHA-256"));
        };
    }

    /** A checksum being computed over a body. */
    interface Running {
        void update(byte[] b, int off, int len);

        byte[] value();
    }

    private record OfChecksum(Checksum checksum, int bytes) implements Running {
        @Override
        public void update(byte[] b, int off, int len) {
            checksum.update(b, off, len);
        }

        @Override
        public byte[] value() {
            byte[] v = ByteBuffer.allocate(8).putLong(checksum.getValue()).array();
            return java.util.Arrays.copyOfRange(v, 8 - bytes, 8);
        }
    }

    private record OfDigest(MessageDigest digest) implements Running {
        @Override
        public void update(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }

        @Override
        public byte[] value() {
            return digest.digest();
        }
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is always available", e);
        }
    }
}
