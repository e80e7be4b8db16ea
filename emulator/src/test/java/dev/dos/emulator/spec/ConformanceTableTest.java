package dev.dos.emulator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/EMULATOR.md's conformance table names every route the emulator serves, and only those. */
class ConformanceTableTest {

    @Test
    void thePublishedTableHasARowForEveryRouteServed() throws Exception {
        List<String> routes;
        try (DiscordEmulator emulator = DiscordEmulator.start(EmulatorConfig.builder()
                .rateLimits(RateLimitConfig.disabled()).build())) {
            routes = emulator.routes();
        }
        String doc = Files.readString(Path.of("..", "docs", "EMULATOR.md"));
        String section = doc.substring(doc.indexOf("## Conformance"));
        section = section.contains("\n## ") ? section.substring(0, section.indexOf("\n## ")) : section;
        List<String> published = section.lines().filter(l -> l.startsWith("| `")).map(l -> l.substring(3, l.indexOf('`', 3)))
                .filter(r -> r.matches("(GET|HEAD|POST|PUT|PATCH|DELETE) /.*")).toList();

        assertThat(published).as("rows of the conformance table (run scripts/conformance-table)")
                .containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void everyRouteIsDescribedOrAListedException() throws Exception {
        try (DiscordEmulator emulator = DiscordEmulator.start(EmulatorConfig.builder()
                .rateLimits(RateLimitConfig.disabled()).build())) {
            assertThat(ConformanceTable.rows(emulator.routes(), Map.of()))
                    .allSatisfy(row -> assertThat(row.described()).doesNotContain("NOT a listed exception"));
        }
    }

    @Test
    void theTableCountsEachRoutesExchangesUnderItsSpecOperation() {
        List<ConformanceTable.Row> rows = ConformanceTable.rows(
                List.of("GET /users/@me", "POST /attachments/refresh-urls"),
                Map.of("GET /users/@me", new long[] {7, 2, 1}, SpecExceptions.REFRESH_URLS, new long[] {3, 1, 0}));

        assertThat(rows).containsExactly(new ConformanceTable.Row("GET /users/@me", "yes", 7, 2, 1),
                new ConformanceTable.Row("POST /attachments/refresh-urls", "no (listed exception, own checks)", 3, 1, 0));
        assertThat(Files.exists(Path.of("..", "docs", "EMULATOR.md"))).isTrue();
    }
}
