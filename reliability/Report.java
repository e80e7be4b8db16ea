import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Renders the rows the reliability cases recorded ({@code <module>/<target>/reliability/*.properties},
 * written by dev.dos.core.testing.Reliability) as the Markdown table of docs/RELIABILITY.md.
 * A single-file program: {@code java reliability/Report.java [--write DOC] DIR...}. Exits 1 when a
 * row did not hold in every trial or no row was found.
 */
public class Report {
    private static final List<String> AREAS = List.of("faults", "crash", "damage", "disk", "hostile-chunks", "trust",
            "hostile-archives", "credentials", "secrets", "web");
    private static final String BEGIN = "<!-- reliability-table:begin -->";
    private static final String END = "<!-- reliability-table:end -->";

    public static void main(String[] args) throws IOException {
        Path write = null;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--write")) {
                write = Path.of(args[++i]);
            } else {
                dirs.add(Path.of(args[i]));
            }
        }
        Map<String, Properties> rows = new LinkedHashMap<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
                    Properties row = new Properties();
                    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        row.load(in);
                    }
                    rows.put(row.getProperty("id"), row);
                }
            }
        }
        if (rows.isEmpty()) {
            System.err.println("reliability: no recorded cases under " + dirs);
            System.exit(1);
        }
        List<Properties> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparingInt((Properties r) -> areaRank(r.getProperty("area")))
                .thenComparing(r -> r.getProperty("id")));
        StringBuilder table = new StringBuilder();
        table.append("| Area | Case | Attack or fault | Trials | Held | Outcome | Reproduce |\n");
        table.append("|---|---|---|---:|---:|---|---|\n");
        int failing = 0;
        long trials = 0;
        for (Properties r : sorted) {
            int t = Integer.parseInt(r.getProperty("trials"));
            int held = Integer.parseInt(r.getProperty("held"));
            trials += t;
            if (held < t) {
                failing++;
            }
            table.append("| ").append(cell(r.getProperty("area")))
                    .append(" | `").append(r.getProperty("id")).append('`')
                    .append(" | ").append(cell(r.getProperty("attack")))
                    .append(" | ").append(t)
                    .append(" | ").append(held < t ? "**" + held + "**" : Integer.toString(held))
                    .append(" | ").append(cell(r.getProperty("outcome")))
                    .append(" | `").append(r.getProperty("reproduce").replace("|", "\\|")).append("` |\n");
        }
        String factor = sorted.stream().map(r -> r.getProperty("factor", "1")).distinct().sorted()
                .reduce((a, b) -> a + "," + b).orElse("1");
        String summary = rows.size() + " cases, " + trials + " trials, " + (rows.size() - failing)
                + " held in every trial (soak factor " + factor + ")";
        System.out.print(table);
        System.out.println();
        System.out.println(summary);
        if (write != null) {
            String doc = Files.readString(write, StandardCharsets.UTF_8);
            int b = doc.indexOf(BEGIN);
            int e = doc.indexOf(END);
            if (b < 0 || e < b) {
                System.err.println("reliability: " + write + " has no " + BEGIN + " ... " + END + " markers");
                System.exit(1);
            }
            String updated = doc.substring(0, b + BEGIN.length()) + "\n" + table + "\n" + summary + ".\n"
                    + doc.substring(e);
            Files.writeString(write, updated, StandardCharsets.UTF_8);
            System.err.println("reliability: table written to " + write);
        }
        if (failing > 0) {
            System.err.println("reliability: " + failing + " case(s) did not hold in every trial");
            System.exit(1);
        }
    }

    private static int areaRank(String area) {
        int i = AREAS.indexOf(area);
        return i < 0 ? AREAS.size() : i;
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
