package dev.dos.s3.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void singleRangesInTheirThreeForms() throws Exception {
        assertThat(ByteRange.parse("bytes=0-9", 100)).contains(new ByteRange(0, 9));
        assertThat(ByteRange.parse("bytes=90-", 100)).contains(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-10", 100)).contains(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-1000", 100)).contains(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=50-5000", 100)).contains(new ByteRange(50, 99));
        assertThat(ByteRange.parse("bytes=0-9", 100).orElseThrow().contentRange(100)).isEqualTo("bytes 0-9/100");
    }

    @Test
    void whatS3IgnoresServesTheWholeObject() throws Exception {
        for (String ignored : new String[] {null, "bytes=0-1,4-5", "items=0-1", "bytes=5-2", "bytes=-", "bytes=a-b",
                "bytes=99999999999999999999-"}) {
            assertThat(ByteRange.parse(ignored, 100)).as(ignored).isEmpty();
        }
    }

    @Test
    void unsatisfiableRangesAre416WithTheSize() {
        for (String[] c : new String[][] {{"bytes=100-", "100"}, {"bytes=-0", "100"}, {"bytes=0-0", "0"}, {"bytes=-5", "0"}}) {
            assertThatThrownBy(() -> ByteRange.parse(c[0], Long.parseLong(c[1]))).as(c[0])
                    .isInstanceOfSatisfying(S3RequestException.class, e -> {
                        assertThat(e.status).isEqualTo(416);
                        assertThat(e.headers).containsEntry("Content-Range", "bytes */" + c[1]);
                    });
        }
    }
}
