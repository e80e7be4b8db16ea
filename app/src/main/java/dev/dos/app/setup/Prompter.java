package dev.dos.app.setup;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Asks the user, or refuses to. Prompts go to {@code out}; answers come from the terminal when
 * there is one, else from {@code in} one line at a time (so a script or a test can answer). Secret
 * answers (token, passphrase) are read without echo from a terminal and are never written
 * anywhere by this class.
 *
 * <p>With {@code interactive} false nothing is asked: a question with a default takes it, one
 * without fails with a message naming the option that answers it. When the input ends before an
 * answer, the same failure happens instead of a hang.
 */
final class Prompter {
    private final PrintStream out;
    private final BufferedReader lines;
    private final Console console;
    private final boolean interactive;

    /**
     * @param console the terminal, or null to read {@code in} (use the terminal only when {@code in}
     *                is the process's own standard input)
     */
    Prompter(InputStream in, PrintStream out, Console console, boolean interactive) {
        this.out = out;
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.console = console;
        this.interactive = interactive;
    }

    boolean interactive() {
        return interactive;
    }

    void say(String text) {
        out.println(text);
        out.flush();
    }

    /**
     * The answer to {@code question}, stripped; an empty answer means {@code defaultAnswer}.
     *
     * @param defaultAnswer shown in brackets; null if there is none
     * @param option        what to pass instead when not interactive, for the error message
     */
    String ask(String question, String defaultAnswer, String option) {
        if (!interactive) {
            if (defaultAnswer != null) {
                return defaultAnswer;
            }
            throw unanswered(question, option);
        }
        String prompt = question + (defaultAnswer == null || defaultAnswer.isEmpty() ? "" : " [" + defaultAnswer + "]") + ": ";
        String line = readLine(prompt);
        if (line == null) {
            throw unanswered(question, option);
        }
        String answer = line.strip();
        return answer.isEmpty() && defaultAnswer != null ? defaultAnswer : answer;
    }

    /** A secret, not echoed on a terminal. The caller clears the array when done. */
    char[] secret(String question, String option) {
        if (!interactive) {
            throw unanswered(question, option);
        }
        char[] answer;
        if (console != null) {
            answer = console.readPassword("%s: ", question);
        } else {
            out.print(question + ": ");
            out.flush();
            String line = readFromInput();
            answer = line == null ? null : line.toCharArray();
        }
        if (answer == null) {
            throw unanswered(question, option);
        }
        return answer;
    }

    /**
     * The next line of the input itself, stripped, even when not interactive or on a terminal: for
     * a secret piped in ({@code --token-stdin}). Nothing is printed.
     *
     * @param option what supplies the line, for the error message when the input has ended
     */
    String inputLine(String what, String option) {
        try {
            String line = lines.readLine();
            if (line == null || line.isBlank()) {
                throw new SetupException(SetupException.Kind.USAGE, "no " + what + " on standard input (" + option + ")");
            }
            return line.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what, e);
        }
    }

    /** Yes or no; not interactive, the answer is {@code assumed}. */
    boolean confirm(String question, boolean assumed) {
        if (!interactive) {
            return assumed;
        }
        String answer = ask(question + " (y/n)", assumed ? "y" : "n", null);
        return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
    }

    private String readLine(String prompt) {
        if (console != null) {
            return console.readLine("%s", prompt);
        }
        out.print(prompt);
        out.flush();
        return readFromInput();
    }

    private String readFromInput() {
        try {
            String line = lines.readLine();
            // Answers read from a pipe do not end the prompt's line the way a terminal does.
            out.println();
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer", e);
        }
    }

    private static SetupException unanswered(String question, String option) {
        String hint = option == null ? "" : "; pass " + option;
        return new SetupException(SetupException.Kind.USAGE, "no answer to \"" + question + "\"" + hint);
    }
}
