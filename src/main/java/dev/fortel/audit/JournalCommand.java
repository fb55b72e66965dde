package dev.fortel.audit;

import dev.fortel.platform.CommandLine;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar fortel.jar journal verify}: checks every tenant's chain against the configured database
 * and exits 0 when all hold, 1 naming the first broken link of each broken chain. It prints to standard
 * output because that is a command's interface; it never prints event contents.
 */
@Component
class JournalCommand implements ApplicationRunner, ExitCodeGenerator {

    private final JournalVerifier verifier;
    private final PrintStream out;
    private int exitCode;

    @org.springframework.beans.factory.annotation.Autowired
    JournalCommand(JournalVerifier verifier) {
        this(verifier, System.out);
    }

    JournalCommand(JournalVerifier verifier, PrintStream out) {
        this.verifier = verifier;
        this.out = out;
    }

    @Override
    public void run(ApplicationArguments args) {
        String[] words = CommandLine.words(args.getSourceArgs());
        if (words.length < 1 || !"journal".equals(words[0])) {
            return;
        }
        if (words.length != 2 || !"verify".equals(words[1])) {
            out.println("usage: java -jar fortel.jar journal verify   (got: " + String.join(" ", Arrays.asList(words)) + ")");
            exitCode = 2;
            return;
        }
        List<JournalVerifier.Result> results = verifier.verifyAll();
        long broken = 0;
        for (JournalVerifier.Result r : results) {
            if (r.intact()) {
                out.println("OK      tenant " + r.tenantId() + ": " + r.events() + " events, chain intact");
            } else {
                broken++;
                out.println("BROKEN  tenant " + r.tenantId() + ": first broken link at event " + r.brokenSeq() + ": " + r.problem());
            }
        }
        out.println(results.size() + " chains checked, " + broken + " broken");
        exitCode = broken == 0 ? 0 : 1;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
