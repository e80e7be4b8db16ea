package dev.dos.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
    private static final String BOUNDARY = "xYzZY";

    @Test
    void readsFieldsAndFilesWithTheirHeaders() throws IOException {
        String body = "--xYzZY\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"content\":\"hi\"}\r\n"
                + "--xYzZY\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a;b \\\"q\\\".bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nBYTES\r\n--xYzZY--\r\n";
        List<String[]> parts = read(body.getBytes(StandardCharsets.UTF_8), 7);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).containsExactly("payload_json", null, "application/json", "{\"content\":\"hi\"}");
        assertThat(parts.get(1)).containsExactly("files[0]", "a;b \"q\".bin", "application/octet-stream", "BYTES");
    }

    @Test
    void dataThatLooksAlmostLikeABoundaryIsKept() throws IOException {
        // Senders pick a boundary that never occurs in the data (RFC 2046), but prefixes of it may.
        String tricky = "line\r\n--xYzZ\r\n-xYzZY\r\n\r\n-";
        String body = "preamble\r\n--xYzZY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + tricky
                + "\r\n--xYzZY--";
        List<String[]> parts = read(body.getBytes(StandardCharsets.UTF_8), 3);
        assertThat(parts.get(0)[3]).isEqualTo(tricky);
    }

    @Test
    void largeRandomPartsSurviveEveryReadSize() throws IOException {
        byte[] data = new byte[300_000];
        new Random(5).nextBytes(data);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files[1]\"; filename=\"r\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(data);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int chunk : new int[] {1, 13, 4096, 65_536, 1_000_000}) {
            MultipartReader reader = new MultipartReader(new Trickle(body.toByteArray(), chunk), BOUNDARY);
            MultipartReader.Part part = reader.next();
            assertThat(part.body().readAllBytes()).as("chunk %d", chunk).isEqualTo(data);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void partsMadeOfTheDelimitersOwnBytesSurviveEveryReadSize() throws IOException {
        // Near-misses everywhere: parts drawn from the delimiter's bytes, with pieces of it (its
        // prefixes, its suffixes, the delimiter less one byte) spliced in at random.
        byte[] delimiter = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            List<byte[]> parts = new ArrayList<>();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int p = 0, count = 1 + random.nextInt(3); p < count; p++) {
                ByteArrayOutputStream part = new ByteArrayOutputStream();
                for (int len = random.nextInt(2_000); part.size() < len; ) {
                    if (random.nextInt(8) == 0) {
                        int cut = 1 + random.nextInt(delimiter.length - 1);
                        if (random.nextBoolean()) {
                            part.write(delimiter, 0, cut); // a prefix
                        } else {
                            part.write(delimiter, delimiter.length - cut, cut); // a suffix
                        }
                    } else {
                        part.write(random.nextInt(4) == 0 ? 'x' : delimiter[random.nextInt(delimiter.length)]);
                    }
                }
                byte[] bytes = part.toByteArray();
                byte[] withEnd = java.util.Arrays.copyOf(bytes, bytes.length + delimiter.length);
                System.arraycopy(delimiter, 0, withEnd, bytes.length, delimiter.length);
                if (firstIndexOf(withEnd, delimiter) != bytes.length) {
                    p--; // the pieces met and made a whole delimiter, which data never holds (RFC 2046)
                    continue;
                }
                parts.add(bytes);
                body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f" + p + "\"\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                body.writeBytes(bytes);
                body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));

            int chunk = 1 + random.nextInt(random.nextBoolean() ? 16 : 70_000);
            MultipartReader reader = new MultipartReader(new Trickle(body.toByteArray(), chunk), BOUNDARY);
            for (int p = 0; p < parts.size(); p++) {
                MultipartReader.Part part = reader.next();
                assertThat(part.name()).isEqualTo("f" + p);
                assertThat(part.body().readAllBytes()).as("trial %d, part %d, reads of %d", trial, p, chunk)
                        .isEqualTo(parts.get(p));
            }
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void anUnreadPartIsSkippedByNext() throws IOException {
        String body = "--xYzZY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\naaaa\r\n"
                + "--xYzZY\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nbb\r\n--xYzZY--\r\n";
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                BOUNDARY);
        assertThat(reader.next().name()).isEqualTo("a");
        MultipartReader.Part b = reader.next();
        assertThat(new String(b.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bb");
    }

    @Test
    void aBodyWithoutItsClosingBoundaryIsMalformed() {
        String body = "--xYzZY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end";
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                BOUNDARY);
        assertThatThrownBy(() -> reader.next().body().readAllBytes())
                .isInstanceOf(MultipartReader.MalformedException.class);
    }

    @Test
    void boundaryAndDispositionParameters() {
        assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartReader.boundaryOf("multipart/form-data;boundary=abc")).isEqualTo("abc");
        assertThat(MultipartReader.boundaryOf("multipart/form-data")).isNull();
        assertThat(MultipartReader.parameters("form-data; name=files[2]; filename*=UTF-8''%C3%A9t%C3%A9.bin"))
                .containsEntry("name", "files[2]").containsEntry("filename*", "UTF-8''%C3%A9t%C3%A9.bin");
    }

    /** The plain search the reader's must agree with. */
    private static int firstIndexOf(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (java.util.Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String[]> read(byte[] body, int chunk) throws IOException {
        MultipartReader reader = new MultipartReader(new Trickle(body, chunk), BOUNDARY);
        List<String[]> out = new ArrayList<>();
        for (MultipartReader.Part p = reader.next(); p != null; p = reader.next()) {
            out.add(new String[] {p.name(), p.filename(), p.contentType(),
                    new String(p.body().readAllBytes(), StandardCharsets.UTF_8)});
        }
        return out;
    }

    /** Hands out at most {@code chunk} bytes per read, as a slow network would. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream in;
        private final int chunk;

        Trickle(byte[] data, int chunk) {
            this.in = new ByteArrayInputStream(data);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, chunk));
        }
    }
}
