import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.concurrent.CyclicBarrier;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Raw Argon2id hashing rate, computed exactly the way Fortel's password encoder computes one hash
 * (Spring Security 7 {@code Argon2PasswordEncoder}, which calls Bouncy Castle): Argon2id, version 1.3 (the
 * Bouncy Castle default), a fresh 16-byte salt per hash, 32-byte output, the password passed as {@code char[]}
 * (Bouncy Castle's UTF-8 converter). A sign-in verifies one stored hash, which is one such computation plus a
 * constant-time compare, so this is the ceiling for sign-ins per second on the same cores.
 *
 * <p>Usage: {@code java -cp bcprov-jdk18on-<v>.jar Argon2Rate.java <warmupSec> <measureSec> <threads...>}
 * with {@code -Dmem=<KiB> -Dit=<iterations> -Dpar=<parallelism>} (defaults: Fortel's 19456, 2, 1).
 * Each thread count gets its own measurement window; every thread hashes until the window closes.
 * Output lines start with {@code ARGON2} and are key=value, for the benchmark script to parse.
 */
public class Argon2Rate {
    static final int MEMORY_KIB = Integer.getInteger("mem", 19456);
    static final int ITERATIONS = Integer.getInteger("it", 2);
    static final int PARALLELISM = Integer.getInteger("par", 1);
    static final int SALT_LEN = 16;
    static final int HASH_LEN = 32;
    static final char[] PASSWORD = "Bench-Passphrase-2026-xyz".toCharArray();

    static byte[] hash(char[] password, byte[] salt) {
        Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(salt)
                .withParallelism(PARALLELISM)
                .withMemoryAsKB(MEMORY_KIB)
                .withIterations(ITERATIONS)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(p);
        byte[] out = new byte[HASH_LEN];
        generator.generateBytes(password, out);
        return out;
    }

    /** cpuMsPerHash: the hashing threads' own CPU; procCpuMsPerHash: the whole JVM's (adds GC and JIT). */
    record Result(long hashes, double wallSeconds, double rate, double cpuMsPerHash, double procCpuMsPerHash) {}

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static Result run(int threads, double seconds) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] counts = new long[threads];
        long[] nanos = new long[threads];
        long[] cpu = new long[threads];
        CyclicBarrier barrier = new CyclicBarrier(threads);
        Thread[] ts = new Thread[threads];
        int[] sink = new int[threads];
        long proc0 = processCpuNanos();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            ts[t] = new Thread(() -> {
                SecureRandom random = new SecureRandom();
                byte[] salt = new byte[SALT_LEN];
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long cpu0 = mx.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                long deadline = start + (long) (seconds * 1e9);
                long n = 0;
                long now;
                do {
                    random.nextBytes(salt);
                    sink[id] += hash(PASSWORD, salt)[0];
                    n++;
                    now = System.nanoTime();
                } while (now < deadline);
                counts[id] = n;
                nanos[id] = now - start;
                cpu[id] = mx.getCurrentThreadCpuTime() - cpu0;
            }, "argon2-" + t);
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        long proc = processCpuNanos() - proc0;
        long total = 0;
        long cpuTotal = 0;
        double rate = 0;
        double wall = 0;
        for (int t = 0; t < threads; t++) {
            total += counts[t];
            cpuTotal += cpu[t];
            rate += counts[t] / (nanos[t] / 1e9);
            wall = Math.max(wall, nanos[t] / 1e9);
        }
        return new Result(total, wall, rate, cpuTotal / 1e6 / total, proc / 1e6 / total);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java -cp bcprov.jar Argon2Rate.java <warmupSec> <measureSec> <threads...>");
            System.exit(2);
        }
        double warm = Double.parseDouble(args[0]);
        double measure = Double.parseDouble(args[1]);
        System.out.printf("ARGON2 params type=id version=1.3 memory_kib=%d iterations=%d parallelism=%d salt_len=%d hash_len=%d java=%s bc=%s%n",
                MEMORY_KIB, ITERATIONS, PARALLELISM, SALT_LEN, HASH_LEN, System.getProperty("java.version"),
                new org.bouncycastle.jce.provider.BouncyCastleProvider().getVersionStr());
        Result w = run(Runtime.getRuntime().availableProcessors(), warm);
        System.out.printf("ARGON2 warmup threads=%d hashes=%d%n", Runtime.getRuntime().availableProcessors(), w.hashes());
        for (int i = 2; i < args.length; i++) {
            int threads = Integer.parseInt(args[i]);
            Result r = run(threads, measure);
            System.out.printf("ARGON2 threads=%d hashes=%d duration_s=%.2f hashes_per_s=%.2f wall_ms_per_hash_per_thread=%.2f thread_cpu_ms_per_hash=%.2f process_cpu_ms_per_hash=%.2f%n",
                    threads, r.hashes(), r.wallSeconds(), r.rate(), 1000.0 * threads / r.rate(), r.cpuMsPerHash(), r.procCpuMsPerHash());
        }
    }
}
