package dev.dos.emulator.live;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Decides where a test runs (docs/EMULATOR.md, "Live mode").
 *
 * <ul>
 *   <li>Normal suite: everything runs against the emulator except {@link LiveOnly} tests, which
 *       are skipped.</li>
 *   <li>Live mode ({@code -Plive}) with {@link LiveSettings} in the environment: tests tagged
 *       {@value Live#TAG} run against Discord, except {@link EmulatorOnly} ones.</li>
 *   <li>Live mode without the variables: everything is skipped; nothing touches the network.</li>
 * </ul>
 *
 * <p>Whatever is skipped for a missing setup is announced in ONE line per test JVM (one per Maven
 * module), on the process's own stderr so that it shows on the console even though Surefire
 * redirects test output to files; per-test reasons stay in the reports.
 */
public final class LiveCondition implements ExecutionCondition {
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean liveOnly = annotated(context, LiveOnly.class);
        if (!LiveSettings.requested()) {
            announce(LiveSettings.offMessage());
            return liveOnly
                    ? ConditionEvaluationResult.disabled("live only: runs in live mode (" + LiveSettings.COMMAND + ")")
                    : ConditionEvaluationResult.enabled("against the emulator (live mode is off)");
        }
        Optional<LiveSettings> settings = LiveSettings.fromEnvironment();
        if (settings.isEmpty()) {
            announce(LiveSettings.missingMessage());
            return ConditionEvaluationResult.disabled("live mode without " + LiveSettings.TOKEN + ", "
                    + LiveSettings.GUILD + " and " + LiveSettings.CHANNEL);
        }
        Optional<EmulatorOnly> emulatorOnly = find(context, EmulatorOnly.class);
        if (emulatorOnly.isPresent()) {
            return ConditionEvaluationResult.disabled("needs the emulator: " + emulatorOnly.get().value());
        }
        if (context.getTestMethod().isPresent() && !context.getTags().contains(Live.TAG)) {
            return ConditionEvaluationResult.disabled("not marked @Live: runs against the emulator only");
        }
        return ConditionEvaluationResult.enabled("against Discord at " + settings.get().apiBase());
    }

    /**
     * Prints {@code line} once per JVM on the process's stderr (not System.err, which Surefire
     * sends to a file): the console shows it even under {@code mvn -q}.
     */
    public static void announce(String line) {
        if (ANNOUNCED.add(line)) {
            @SuppressWarnings("resource") // the process's own stderr stays open
            PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            console.println(line);
        }
    }

    private static boolean annotated(ExtensionContext context, Class<? extends java.lang.annotation.Annotation> type) {
        return find(context, type).isPresent();
    }

    /** On the test method, else on its class (or an enclosing class). */
    private static <A extends java.lang.annotation.Annotation> Optional<A> find(ExtensionContext context, Class<A> type) {
        Optional<A> found = context.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, type));
        if (found.isPresent()) {
            return found;
        }
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            found = AnnotationSupport.findAnnotation(c, type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
