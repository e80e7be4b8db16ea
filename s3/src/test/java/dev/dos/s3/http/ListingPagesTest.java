package dev.dos.s3.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import dev.dos.s3.store.memory.InMemoryObjectStore;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pages over the store directly: groups larger than the store's batches, markers inside groups, odd delimiters. */
class ListingPagesTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();

    @BeforeEach
    void fill() throws Exception {
        store.createBucket("bkt");
        put("a");
        for (int i = 0; i < 2500; i++) {
            put(String.format("big/%05d", i));
        }
        put("big0");
        put("c/\uDBFF\uDFFF/x"); // a key with the highest code point right after its group's delimiter
        put("d");
    }

    @Test
    void aGroupOfThousandsIsOneCommonPrefixAndIsSkippedAtOnce() throws Exception {
        ListingPages.Page page = ListingPages.page(store, "bkt", "", "/", null, 1000);
        assertThat(page.objects()).extracting(ObjectInfo::key).containsExactly("a", "big0", "d");
        assertThat(page.commonPrefixes()).containsExactly("big/", "c/");
        assertThat(page.truncated()).isFalse();
    }

    @Test
    void pagingByLastEntryVisitsEachEntryOnce() throws Exception {
        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            ListingPages.Page page = ListingPages.page(store, "bkt", "", "/", after, 1);
            page.objects().forEach(o -> seen.add(o.key()));
            seen.addAll(page.commonPrefixes());
            if (!page.truncated()) {
                break;
            }
            after = page.lastEntry();
        }
        assertThat(seen).containsExactly("a", "big/", "big0", "c/", "d");
    }

    @Test
    void aMarkerInsideAGroupSkipsTheRestOfIt() throws Exception {
        ListingPages.Page page = ListingPages.page(store, "bkt", "", "/", "big/01000", 10);
        assertThat(page.commonPrefixes()).containsExactly("c/");
        assertThat(page.objects()).extracting(ObjectInfo::key).containsExactly("big0", "d");
    }

    @Test
    void withoutADelimiterEveryKeyListsAndMaxKeysZeroListsNothing() throws Exception {
        ListingPages.Page page = ListingPages.page(store, "bkt", "big/", null, "big/02497", 1000);
        assertThat(page.objects()).extracting(ObjectInfo::key).containsExactly("big/02498", "big/02499");
        assertThat(ListingPages.page(store, "bkt", "", null, null, 0).count()).isZero();
    }

    @Test
    void aMultiCharacterDelimiter() throws Exception {
        ListingPages.Page page = ListingPages.page(store, "bkt", "", "g/0", null, 1000);
        assertThat(page.objects()).extracting(ObjectInfo::key).containsExactly("a", "big0", "c/\uDBFF\uDFFF/x", "d");
        assertThat(page.commonPrefixes()).containsExactly("big/0");
    }

    private void put(String key) throws Exception {
        store.put("bkt", key, new ByteArrayInputStream(new byte[0]), 0, ObjectMeta.NONE);
    }
}
