package dev.fortel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/**
 * What the real servers that tests start as processes of their own ({@link TestSlapd}, {@link TestSamlIdp}) have in
 * common, so each is written once: a free port on 127.0.0.1, a daemon started on such ports with its output in a log
 * file and tried again when another process took a port first, a helper command whose output goes into the failure,
 * and the rule for a package that is not installed (skip with the reason printed, but fail under CI, where a skipped
 * test would hide a missing install step).
 */
public final class LoopbackProcesses {

    /** 127.0.0.1 by address, so that no name lookup can make it {@code ::1} or anything else. */
    public static final InetAddress LOOPBACK = loopback();

    private static final int START_ATTEMPTS = 3;

    private LoopbackProcesses() {}

    /** What starts a daemon on the given ports (as many as asked for, in that order); output is redirected for it. */
    @FunctionalInterface
    public interface Launcher {
        ProcessBuilder command(List<Integer> ports) throws IOException;
    }

    /** A daemon that accepts connections on {@code ports} of 127.0.0.1. */
    public record Listening(Process process, List<Integer> ports) {}

    /**
     * Starts the daemon {@code launcher} builds on {@code portCount} free ports of 127.0.0.1 and returns once every one
     * of them accepts connections. Its standard output and error are appended to {@code log}, its standard input is
     * closed. A port found free may be taken before the daemon binds it; then the daemon exits saying "Address already
     * in use" and new ports are tried, three times in all. Any other failure, or a daemon not listening within
     * {@code deadline}, is an {@link AssertionError} with the log in its message.
     *
     * @param name the daemon's name for the message, e.g. {@code slapd}
     */
    public static Listening startListening(String name, int portCount, Path log, Duration deadline, Launcher launcher)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < portCount; i++) {
                ports.add(freePort());
            }
            Process p = launcher.command(List.copyOf(ports))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .start();
            p.getOutputStream().close();
            if (awaitListening(p, ports, deadline)) {
                return new Listening(p, List.copyOf(ports));
            }
            stop(p);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (attempt == START_ATTEMPTS || !out.contains("Address already in use")) {
                throw new AssertionError(name + " exited or did not accept connections on 127.0.0.1:"
                        + ports.stream().map(String::valueOf).collect(Collectors.joining(" and :")) + " within "
                        + deadline.toSeconds() + " s; its output:\n" + out);
            }
        }
    }

    /** Stops a daemon (SIGTERM, then SIGKILL after 10 s) and waits until it has exited. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a command to its end; a non-zero exit is an {@link AssertionError} with the command's output. */
    public static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + status + ":\n" + out);
        }
    }

    /** A port of 127.0.0.1 that was free a moment ago (another process may take it before the caller binds it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /** Whether 127.0.0.1:{@code port} accepts a TCP connection within 200 ms. */
    public static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Skips the calling test, with {@code why} printed as a warning in {@code user}'s name, unless {@code installed};
     * under CI ({@code CI=true}) it fails instead, since there the install step is what is missing.
     *
     * @param why what is missing and the package that brings it, e.g. {@code slapd is not installed (apt-get install
     *     slapd ldap-utils)}
     */
    public static void requireInstalled(Class<?> user, boolean installed, String why) {
        if (!installed) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            LoggerFactory.getLogger(user).warn("Skipped: {}", why);
            Assumptions.abort(why);
        }
    }

    private static boolean awaitListening(Process process, List<Integer> ports, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                return false;
            }
            if (ports.stream().allMatch(LoopbackProcesses::accepts)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
