package dev.fortel.audit;

import dev.fortel.FortelApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Fortel in a JVM of its own, started by {@link JournalExportUnderSmallHeapTests} with a small heap: the arguments are
 * Spring properties; once serving, prints {@code PORT=<port>} and waits to be killed.
 */
public final class SmallHeapServer {

    private SmallHeapServer() {}

    public static void main(String[] args) throws InterruptedException {
        var context = SpringApplication.run(FortelApplication.class, args);
        // The parent test reads this one line from the child process's standard output to learn the port: a protocol, not a log.
        System.out.println("PORT=" + ((WebServerApplicationContext) context).getWebServer().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
