package dev.dos.app.cli;

import picocli.CommandLine;

/** Entry point of the {@code dos} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = run(CliContext.system(), args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line in-process and returns its exit code (used by tests too). */
    public static int run(CliContext context, String... args) {
        return newCommandLine(context).execute(args);
    }

    static CommandLine newCommandLine(CliContext context) {
        CommandLine cl = new CommandLine(new DosCommand(context));
        cl.setOut(new java.io.PrintWriter(context.out(), true));
        cl.setErr(new java.io.PrintWriter(context.err(), true));
        ErrorReporter reporter = new ErrorReporter(context.err());
        cl.setExecutionExceptionHandler(reporter);
        cl.setParameterExceptionHandler(reporter);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
