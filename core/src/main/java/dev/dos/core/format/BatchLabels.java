package dev.dos.core.format;

/**
 * A batch's label: the user's name for it, kept encrypted in its manifest (never in clear on the
 * remote). One line of printable text: control characters (line breaks, terminal escapes, bidi
 * overrides) are refused, since labels are shown in terminals and on the dashboard.
 */
public final class BatchLabels {
    /** Longest label, in characters. */
    public static final int MAX_CHARS = 200;

    private BatchLabels() {
    }

    /**
     * Checks a label (null means none).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void check(String label) {
        if (label == null) {
            return;
        }
        if (label.isBlank()) {
            throw new IllegalArgumentException("a label must not be blank");
        }
        if (label.length() > MAX_CHARS) {
            throw new IllegalArgumentException("a label has at most " + MAX_CHARS + " characters, got " + label.length());
        }
        label.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED) {
                throw new IllegalArgumentException(String.format("a label must not contain control characters"
                        + " (found U+%04X)", c));
            }
        });
    }
}
