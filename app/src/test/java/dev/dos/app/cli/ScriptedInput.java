package dev.dos.app.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Answers to a command's prompts, one line per read, each optionally preceded by an action that
 * runs when the command asks for that line (not before): a test can change the world (fix a
 * permission) exactly when the wizard says "fix it, then press Enter".
 */
final class ScriptedInput extends InputStream {
    private record Answer(String line, Runnable before) {
    }

    private final Deque<Answer> answers = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int position;
    private int served;

    ScriptedInput line(String line) {
        return line(line, () -> { });
    }

    ScriptedInput line(String line, Runnable before) {
        answers.add(new Answer(line, before));
        return this;
    }

    /** How many answers the command has read. */
    int served() {
        return served;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position == current.length) {
            Answer next = answers.poll();
            if (next == null) {
                return -1;
            }
            next.before().run();
            current = (next.line() + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
            served++;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }
}
