package dev.dos.emulator.spec;

/**
 * One way an exchange differs from Discord's description or documented behaviour.
 *
 * @param side   {@code response} (the emulator's answer) or {@code request} (our client's request)
 * @param route  the operation, e.g. {@code GET /channels/{channel_id}/messages}, or the exception's name
 * @param field  where: a JSON location ({@code /author/global_name}), a header, {@code status}, {@code query.limit}
 * @param reason what is wrong
 */
public record SpecMismatch(String side, String route, String field, String reason) {
    /** One line of the mismatch log: {@code side | route | field | reason}. */
    public String line() {
        return side + " | " + route + " | " + (field.isEmpty() ? "(body)" : field) + " | "
                + reason.replace('\n', ' ');
    }
}
