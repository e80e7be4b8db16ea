package dev.dos.s3.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Decoding unsigned aws-chunked bodies, and refusing malformed ones (signed ones are tested end to end). */
class AwsChunkedInputStreamTest {

    @Test
    void chunksAndTrailersDecode() throws Exception {
        AwsChunkedInputStream in = stream("5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", true);
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(in.trailers()).containsEntry("x-amz-checksum-crc32", "AAAAAA==");
    }

    @Test
    void bareLineFeedsAndChunkExtensionsAreAccepted() throws Exception {
        assertThat(stream("3;ext=1\nabc\n0\n\n", false).readAllBytes()).containsExactly('a', 'b', 'c');
    }

    @Test
    void malformedBodiesAreRefused() {
        for (String body : new String[] {"zz\r\nabc\r\n0\r\n\r\n", "5\r\nabc", "3\r\nabcX\r\n0\r\n\r\n", "3\r\nabc\r\n",
                "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", "f".repeat(9000) + "\r\n"}) {
            assertThatThrownBy(() -> stream(body, false).readAllBytes()).as(body.length() > 40 ? "long line" : body)
                    .isInstanceOf(S3RequestException.class);
        }
    }

    private static AwsChunkedInputStream stream(String body, boolean trailers) {
        return new AwsChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), null, trailers);
    }
}
