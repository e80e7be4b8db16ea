package dev.dos.emulator.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test during which an emulator (in this JVM or in a child process) answered or was
 * asked something that differs from Discord's description, listing each distinct mismatch once
 * with its count. Registered for every test of every module by JUnit's extension auto-detection
 * ({@code META-INF/services}, switched on in the parent POM). Tests run one at a time per JVM,
 * so what was recorded between a test's start and end is that test's.
 */
public final class SpecValidationExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private static long mark;

    @Override
    public void beforeAll(ExtensionContext context) {
        mark = SpecMismatches.mark();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        check("while the class set up (before " + context.getDisplayName() + ")");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check("during this test");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check("while the class ran or shut down");
    }

    private static void check(String when) {
        SpecMismatches.Batch batch = SpecMismatches.since(mark);
        mark = batch.next();
        List<String> lines = batch.lines();
        if (lines.isEmpty()) {
            return;
        }
        Map<String, Integer> distinct = new LinkedHashMap<>();
        lines.forEach(l -> distinct.merge(l, 1, Integer::sum));
        StringBuilder message = new StringBuilder("Discord spec mismatches " + when
                + " (side | route | field | reason; docs/EMULATOR.md, Conformance):");
        distinct.forEach((line, n) -> message.append("\n  ").append(line).append(n > 1 ? "  (x" + n + ")" : ""));
        throw new AssertionError(message.toString());
    }
}
