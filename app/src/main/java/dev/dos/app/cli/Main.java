package dev.dos.app.cli;

import java.util.Set;
import picocli.CommandLine;

/** Entry point of the {@code dos} command. */
public final class Main {
    /** The root options that take a value (their value is not a subcommand name). */
    private static final Set<String> ROOT_OPTIONS_WITH_VALUE = Set.of("--config-dir", "--data-dir");

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(CliContext.system(), args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line in-process and returns its exit code (used by tests too). */
    public static int run(CliContext context, String... args) {
        return commandLineFor(context, args).execute(args);
    }

    /** The whole tree: every subcommand (help, completion, unknown names with their suggestions). */
    static CommandLine fullCommandLine(CliContext context) {
        return configure(new CommandLine(new DosCommand(context)), context);
    }

    /**
     * The tree a command line needs: the root with only the subcommand it names, or with none for
     * {@code dos --version}; the whole tree otherwise. picocli reflects over every class of a tree
     * when it builds it (their fields, methods and the types these name: Jackson, the web server,
     * the S3 gateway...), which took most of the 0.4 s a {@code dos --version} cost.
     */
    static CommandLine commandLineFor(CliContext context, String... args) {
        String name = firstPositional(args);
        if (name == null) {
            boolean version = false;
            for (String arg : args) {
                if (arg.equals("-h") || arg.equals("--help")) {
                    return fullCommandLine(context);
                }
                version |= arg.equals("-V") || arg.equals("--version");
            }
            return version ? configure(new CommandLine(new DosRoot(context)), context) : fullCommandLine(context);
        }
        Object sub = subcommand(name);
        if (sub == null) {
            return fullCommandLine(context);
        }
        CommandLine cl = new CommandLine(new DosRoot(context));
        cl.addSubcommand(sub);
        return configure(cl, context);
    }

    /** The first argument that is not a root option or its value; null when there is none (or after "--"). */
    static String firstPositional(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return null;
            }
            if (ROOT_OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    /**
     * A new instance of the subcommand a name or alias stands for, or null. One case per class in
     * {@link DosCommand}'s list; a switch, so that only the chosen class is loaded.
     */
    static Object subcommand(String name) {
        return switch (name) {
            case "upload" -> new UploadCommand();
            case "download", "restore" -> new DownloadCommand();
            case "list", "ls" -> new ListCommand();
            case "info" -> new InfoCommand();
            case "verify" -> new VerifyCommand();
            case "delete", "rm" -> new DeleteCommand();
            case "resume" -> new ResumeCommand();
            case "sync" -> new SyncCommand();
            case "stats" -> new StatsCommand();
            case "backup" -> new BackupCommand();
            case "restore-db" -> new RestoreDbCommand();
            case "setup" -> new SetupCommand();
            case "key" -> new KeyCommand();
            case "web" -> new WebCommand();
            case "serve" -> new ServeCommand();
            case "demo" -> new DemoCommand();
            case "emulator" -> new EmulatorCommand();
            case "completion" -> new CompletionCommand();
            default -> null;
        };
    }

    private static CommandLine configure(CommandLine cl, CliContext context) {
        cl.setOut(new java.io.PrintWriter(context.out(), true));
        cl.setErr(new java.io.PrintWriter(context.err(), true));
        ErrorReporter reporter = new ErrorReporter(context.err());
        cl.setExecutionExceptionHandler(reporter);
        cl.setParameterExceptionHandler(reporter);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
