package dev.fortel.platform;

import java.util.Arrays;

/** Recognises {@code fortel.jar <command> ...} invocations, which run a task and exit instead of serving. */
public final class CommandLine {

    private CommandLine() {}

    public static boolean isCommand(String[] args) {
        return args.length > 0 && !args[0].startsWith("-");
    }

    /** The positional words, e.g. {@code [journal, verify]}. */
    public static String[] words(String[] args) {
        return Arrays.stream(args).filter(a -> !a.startsWith("-")).toArray(String[]::new);
    }
}
