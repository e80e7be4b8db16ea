package dev.dos.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.s3.store.Bucket;
import dev.dos.s3.store.CompletedPart;
import dev.dos.s3.store.Etags;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.Part;
import dev.dos.s3.store.S3Error;
import dev.dos.s3.store.S3Exception;
import dev.dos.s3.store.Upload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A 2 GiB object goes through the gateway with bounded memory: the gateway runs in a child JVM
 * with a 64 MiB heap over a store that keeps no bytes (it checks what it receives against the
 * generator, hashes it, and serves the generator back). The SDK in this JVM uploads it with its
 * defaults (over http: aws-chunked, signed chunks, a CRC32 trailer) and downloads it again. Were
 * a body buffered anywhere in the gateway, the child could not hold it.
 */
class LargeObjectMemoryTest {
    static final long SIZE = 2L * 1024 * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void twoGibibytesGoThroughAGatewayWithASixtyFourMebibyteHeap() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LargeObjectMemoryTest.class.getName());
        Process child = new ProcessBuilder(command).redirectError(tmp.resolve("child.err").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).as("the child's first line").startsWith("endpoint ");
            URI endpoint = URI.create(first.substring("endpoint ".length()));
            try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            GatewayTest.CREDENTIALS.accessKeyId(), GatewayTest.CREDENTIALS.secretKey())))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                s3.createBucket(b -> b.bucket("big"));
                MessageDigest[] sent = new MessageDigest[1];
                String etag = s3.putObject(b -> b.bucket("big").key("two-gib.bin"), RequestBody.fromContentProvider(() -> {
                    sent[0] = Etags.md5();
                    return new java.security.DigestInputStream(new PatternBytes(0, SIZE), sent[0]);
                }, SIZE, "application/octet-stream")).eTag();
                assertThat(etag).isEqualTo("\"" + HexFormat.of().formatHex(sent[0].digest()) + "\"");

                long read = 0;
                long mismatches = 0;
                byte[] buffer = new byte[1 << 16];
                byte[] expected = new byte[1 << 16];
                try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket("big").key("two-gib.bin"))) {
                    assertThat(in.response().contentLength()).isEqualTo(SIZE);
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        PatternBytes.fill(read, expected, 0, n);
                        if (!java.util.Arrays.equals(buffer, 0, n, expected, 0, n)) {
                            mismatches++;
                        }
                        read += n;
                    }
                }
                assertThat(read).isEqualTo(SIZE);
                assertThat(mismatches).isZero();
            }
            child.getOutputStream().close(); // the child reports and exits
            String report = out.readLine();
            assertThat(child.waitFor()).isZero();
            System.out.println(report);
            assertThat(report).startsWith("received " + SIZE + " bytes, 0 mismatched, peak heap");
        } finally {
            child.destroyForcibly();
            System.out.print(java.nio.file.Files.readString(tmp.resolve("child.err")));
        }
    }

    /** The child: a gateway over a {@link PatternStore} until its standard input closes; then a report. */
    public static void main(String[] args) throws IOException {
        PatternStore store = new PatternStore();
        try (S3Server server = S3Server.start(store, GatewayTest.CREDENTIALS, "127.0.0.1", 0)) {
            System.out.println("endpoint " + server.endpoint());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent
            }
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.println("received " + store.received + " bytes, " + store.mismatched + " mismatched, peak heap "
                    + (peak >> 20) + " MiB");
        }
    }

    /** Keeps no bytes: checks a body against {@link PatternBytes}, hashes it, and reads back the pattern. */
    static final class PatternStore implements ObjectStore {
        private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
        private final Map<String, ObjectInfo> objects = new ConcurrentHashMap<>();
        volatile long received;
        volatile long mismatched;

        @Override
        public List<Bucket> buckets() {
            return new ArrayList<>(buckets.values());
        }

        @Override
        public Bucket createBucket(String name) {
            return buckets.computeIfAbsent(name, n -> new Bucket(n, Instant.now()));
        }

        @Override
        public Optional<Bucket> bucket(String name) {
            return Optional.ofNullable(buckets.get(name));
        }

        @Override
        public void deleteBucket(String name) {
            buckets.remove(name);
        }

        @Override
        public ObjectInfo put(String bucket, String key, InputStream body, long length, ObjectMeta meta) throws IOException {
            MessageDigest md5 = Etags.md5();
            byte[] buffer = new byte[1 << 16];
            byte[] expected = new byte[1 << 16];
            long position = 0;
            long bad = 0;
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                PatternBytes.fill(position, expected, 0, n);
                if (!java.util.Arrays.equals(buffer, 0, n, expected, 0, n)) {
                    bad++;
                }
                md5.update(buffer, 0, n);
                position += n;
            }
            received = position;
            mismatched = bad;
            ObjectInfo info = new ObjectInfo(bucket, key, position, HexFormat.of().formatHex(md5.digest()), Instant.now(),
                    meta, Long.toString(System.nanoTime()));
            objects.put(bucket + "/" + key, info);
            return info;
        }

        @Override
        public Optional<ObjectInfo> head(String bucket, String key) throws IOException {
            if (!buckets.containsKey(bucket)) {
                throw new S3Exception(S3Error.NO_SUCH_BUCKET);
            }
            return Optional.ofNullable(objects.get(bucket + "/" + key));
        }

        @Override
        public InputStream open(ObjectInfo object, long offset, long length) {
            return new PatternBytes(offset, length);
        }

        @Override
        public boolean delete(String bucket, String key) {
            return objects.remove(bucket + "/" + key) != null;
        }

        @Override
        public ObjectInfo copy(String srcBucket, String srcKey, String dstBucket, String dstKey, ObjectMeta replaceMeta) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ObjectInfo> list(String bucket, String prefix, String after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Upload createUpload(String bucket, String key, ObjectMeta meta) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Part uploadPart(String uploadId, int number, InputStream body, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectInfo completeUpload(String uploadId, List<CompletedPart> parts) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void abortUpload(String uploadId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Part> parts(String uploadId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Upload> uploads(String bucket, String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
