package dev.dos.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Files of {@code KEY=VALUE} lines in the {@code .env} dialect: blank lines and {@code #} comments
 * are skipped, an {@code export } prefix is allowed, values may be bare (a {@code #} after a space
 * starts a comment), 'single-quoted' (literal) or "double-quoted" (with \" \\ \n \t escapes). A key
 * given twice keeps its last value. Values span one line.
 *
 * <p>Writes are atomic (a complete temporary file is moved over the old one) and the result is
 * readable by its owner only, since it may hold the bot token.
 */
public final class EnvFile {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern BARE_VALUE = Pattern.compile("[A-Za-z0-9_./:@+=,-]*");

    private EnvFile() {
    }

    /** The file's settings in file order; empty if the file does not exist. */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            parseLine(lines.get(i), file + ":" + (i + 1), values);
        }
        return values;
    }

    /**
     * Replaces {@code file} with these settings, after an optional {@code #} comment header. The parent
     * directory is created owner-only if missing; the file is owner-only (0600).
     */
    public static void write(Path file, String header, Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        if (header != null) {
            header.lines().forEach(line -> text.append("# ").append(line).append('\n'));
        }
        values.forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("not a valid setting name: " + key);
            }
            text.append(key).append('=').append(quote(value)).append('\n');
        });
        writeOwnerOnly(file.toAbsolutePath(), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void parseLine(String raw, String where, Map<String, String> into) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (line.startsWith("export ")) {
            line = line.substring("export ".length()).stripLeading();
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw new ConfigException(where + ": expected KEY=VALUE");
        }
        String key = line.substring(0, eq).strip();
        if (!KEY.matcher(key).matches()) {
            throw new ConfigException(where + ": not a valid setting name: " + key);
        }
        into.put(key, parseValue(line.substring(eq + 1).stripLeading(), where + " (" + key + ")"));
    }

    private static String parseValue(String text, String where) {
        if (text.startsWith("'")) {
            int close = text.indexOf('\'', 1);
            if (close < 0) {
                throw new ConfigException(where + ": unterminated single quote");
            }
            requireOnlyComment(text.substring(close + 1), where);
            return text.substring(1, close);
        }
        if (text.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    requireOnlyComment(text.substring(i + 1), where);
                    return out.toString();
                }
                if (c == '\\' && i + 1 < text.length()) {
                    char escaped = text.charAt(++i);
                    out.append(switch (escaped) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> escaped;
                    });
                } else {
                    out.append(c);
                }
            }
            throw new ConfigException(where + ": unterminated double quote");
        }
        int comment = indexOfComment(text);
        return (comment < 0 ? text : text.substring(0, comment)).strip();
    }

    private static int indexOfComment(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static void requireOnlyComment(String rest, String where) {
        String trimmed = rest.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
            throw new ConfigException(where + ": unexpected text after the closing quote");
        }
    }

    private static String quote(String value) {
        if (BARE_VALUE.matcher(value).matches()) {
            return value;
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void writeOwnerOnly(Path file, byte[] bytes) {
        Path temp = null;
        try {
            OwnerOnly.createDirectories(file.getParent());
            temp = OwnerOnly.createTempFileBeside(file);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException e) {
            throw new ConfigException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort: a leftover owner-only dot-file is harmless.
                }
            }
        }
    }
}
