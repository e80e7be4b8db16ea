package dev.dos.emulator.http;

import java.net.URLConnection;
import java.util.Locale;

/**
 * How an uploaded file's name and type end up on the attachment. Discord rewrites filenames so
 * they are safe in a URL (spaces become underscores); the emulator keeps ASCII letters, digits,
 * {@code .}, {@code _} and {@code -} and turns every other character into {@code _}.
 */
final class AttachmentNames {
    private static final int MAX_NAME = 1024;

    private AttachmentNames() {
    }

    static String sanitize(String filename) {
        String name = filename == null ? "" : filename;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> sb.append(isKept(cp) ? (char) cp : '_'));
        String clean = sb.length() > MAX_NAME ? sb.substring(sb.length() - MAX_NAME) : sb.toString();
        return clean.isEmpty() || clean.chars().allMatch(c -> c == '.') ? "unknown" : clean;
    }

    private static boolean isKept(int cp) {
        return cp < 128 && (Character.isLetterOrDigit(cp) || cp == '.' || cp == '_' || cp == '-');
    }

    /**
     * The attachment's {@code content_type}: the part's own type if it sent one (text types get
     * {@code charset=utf-8} as Discord adds), else a guess from the name, else null (omitted).
     */
    static String contentType(String partContentType, String filename) {
        String type = partContentType;
        if (type == null || type.isBlank()) {
            type = URLConnection.guessContentTypeFromName(filename);
        }
        if (type == null) {
            return null;
        }
        type = type.strip().toLowerCase(Locale.ROOT);
        if (type.startsWith("text/") && !type.contains("charset")) {
            type = type + "; charset=utf-8";
        }
        return type;
    }
}
