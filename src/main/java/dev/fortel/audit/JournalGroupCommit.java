package dev.fortel.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Group commit for appends made outside any transaction (failed sign-ins, refusals, delivery failures): each caller
 * hands its event to one writer and waits for the commit that holds it. While a commit runs, the next callers queue,
 * and the writer takes all of them into the next transaction, so under a burst the cost of a commit (the disk flush,
 * the lock of a company's chain head) is shared by hundreds of events instead of paid by each; alone, an event waits
 * for nothing but its own commit. The caller returns only once its event is durable, as before.
 *
 * <p>If a shared commit fails, its events are written again one per transaction, so one bad event fails only its own
 * caller.
 */
final class JournalGroupCommit {

    private static final int MAX_BATCH = 1_000;

    private record Pending(Journal.Draft draft, CompletableFuture<JournalEntry> done) {}

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Function<List<Journal.Draft>, List<JournalEntry>> commit;
    private final Thread writer;
    private volatile boolean running = true;

    JournalGroupCommit(Function<List<Journal.Draft>, List<JournalEntry>> commit) {
        this.commit = commit;
        this.writer = Thread.ofPlatform().daemon().name("journal-group-commit").start(this::run);
    }

    JournalEntry append(Journal.Draft draft) {
        if (!running) {
            // Shutting down: the writer is gone, so this caller commits its own event.
            return commit.apply(List.of(draft)).getFirst();
        }
        Pending p = new Pending(draft, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Whatever arrived as the writer stopped is committed by its caller's thread through the fallback above.
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(this::alone);
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
            } catch (InterruptedException e) {
                if (!running) {
                    queue.drainTo(batch);
                } else {
                    continue;
                }
            }
            flush(batch);
            batch.clear();
        }
    }

    private void flush(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<JournalEntry> written = commit.apply(batch.stream().map(Pending::draft).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(written.get(i));
            }
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(e);
            } else {
                batch.forEach(this::alone);
            }
        }
    }

    private void alone(Pending p) {
        try {
            p.done().complete(commit.apply(List.of(p.draft())).getFirst());
        } catch (RuntimeException | Error e) {
            p.done().completeExceptionally(e);
        }
    }
}
