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
    private static final int WRITERS = 2;
    private static final int GATHER_BELOW = 100;
    private static final long GATHER_NANOS = 500_000;

    private record Pending(Journal.Draft draft, CompletableFuture<JournalEntry> done) {}

    private final List<LinkedBlockingQueue<Pending>> queues = new ArrayList<>();
    private final Function<List<Journal.Draft>, List<JournalEntry>> commit;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    private final java.util.function.IntConsumer batches;

    JournalGroupCommit(Function<List<Journal.Draft>, List<JournalEntry>> commit, java.util.function.IntConsumer batches) {
        this.commit = commit;
        this.batches = batches;
        // Two writers, each for half of the companies (by id): their batches lock disjoint chain heads, so they commit
        // side by side instead of one waiting for the other's locks.
        for (int i = 0; i < WRITERS; i++) {
            LinkedBlockingQueue<Pending> q = new LinkedBlockingQueue<>();
            queues.add(q);
            writers.add(Thread.ofPlatform().daemon().name("journal-group-commit-" + i).start(() -> run(q)));
        }
    }

    JournalEntry append(Journal.Draft draft) {
        if (!running) {
            // Shutting down: the writer is gone, so this caller commits its own event.
            return commit.apply(List.of(draft)).getFirst();
        }
        Pending p = new Pending(draft, new CompletableFuture<>());
        queues.get(Math.floorMod(draft.tenantId().value().hashCode(), WRITERS)).add(p);
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
        writers.forEach(Thread::interrupt);
        for (Thread w : writers) {
            try {
                w.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Whatever arrived as the writer stopped is committed by its caller's thread through the fallback above.
        List<Pending> left = new ArrayList<>();
        queues.forEach(q -> q.drainTo(left));
        left.forEach(this::alone);
    }

    private void run(LinkedBlockingQueue<Pending> queue) {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                if (batch.size() > 1 && batch.size() < GATHER_BELOW) {
                    // Callers are arriving (more than one is waiting): give the ones just woken by the last commit a
                    // moment to join, as PostgreSQL's commit_delay does; alone, an event goes at once.
                    java.util.concurrent.locks.LockSupport.parkNanos(GATHER_NANOS);
                    queue.drainTo(batch, MAX_BATCH - batch.size());
                }
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
        batches.accept(batch.size());
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
