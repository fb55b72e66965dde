package dev.fortel.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fortel.access.AccessDecisions;
import dev.fortel.access.AccessTarget;
import dev.fortel.access.OrgChart;
import dev.fortel.access.Permission;
import dev.fortel.access.Reach;
import dev.fortel.access.Role;
import dev.fortel.access.Subject;
import dev.fortel.tenancy.TenantId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code can(subject, function, object)} decision (the access model's target: median at most 5 µs, warm caches) for a
 * company of 10,000 employees in 200 groups with 5 levels of reporting lines, through the application's own
 * {@link AccessDecisions} with the company's org chart behind a warm cache (the state every request after the first
 * sees: a Caffeine lookup and the version-interval check, as in {@code OrgCharts}). The baseline, measured in the
 * same run, is {@link Subject#has}: the function check every request already makes before an object is involved.
 *
 * <p>Cases: a company-wide grant (no chart needed); a director's grant over subordinates deciding about someone three
 * levels below (the longest walk that succeeds) and about someone outside the team (a walk to the top that fails);
 * a grant over three chosen groups, hit and miss. Targets rotate through 1,024 employees so no answer is constant.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecisionBenchmark {

    static final int EMPLOYEES = Integer.getInteger("employees", 10_000);
    static final int GROUPS = Integer.getInteger("groups", 200);
    static final int LEVELS = 5;

    AccessDecisions access;
    Subject companyWide;
    Subject supervisor;
    Subject groupHolder;
    AccessTarget[] deepReports;
    AccessTarget[] outsiders;
    AccessTarget[] inGroups;
    AccessTarget[] outsideGroups;
    int next;

    @Setup(Level.Trial)
    public void company() {
        TenantId tenant = TenantId.of(UUID.randomUUID());
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < EMPLOYEES; i++) {
            ids.add(UUID.randomUUID());
        }
        List<UUID> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            groups.add(UUID.randomUUID());
        }
        // Five levels: 1 head, 10 directors, 100 managers, 1,000 team leads, everyone else below a team lead.
        int[] levelStart = {0, 1, 11, 111, 1111};
        Map<UUID, UUID> supervisorOf = new HashMap<>();
        Map<UUID, Set<UUID>> groupsOf = new HashMap<>();
        int[] levelOf = new int[EMPLOYEES];
        for (int i = 1; i < EMPLOYEES; i++) {
            int level = i < 11 ? 1 : i < 111 ? 2 : i < 1111 ? 3 : 4;
            int parentLevelStart = levelStart[level - 1];
            int parentLevelSize = levelStart[level] - parentLevelStart;
            int boss = parentLevelStart + (i % parentLevelSize);
            supervisorOf.put(ids.get(i), ids.get(boss));
            levelOf[i] = level;
        }
        for (int i = 0; i < EMPLOYEES; i++) {
            groupsOf.put(ids.get(i), Set.of(groups.get(i % GROUPS)));
        }
        OrgChart chart = new OrgChart(supervisorOf, groupsOf);
        // The application's OrgCharts answers a warm request from a Caffeine cache after one System.nanoTime() check of
        // the version interval (VersionedCache.get); the same two steps stand in front of the chart here.
        Cache<TenantId, Warm> warm = Caffeine.newBuilder().maximumSize(10_000).build();
        warm.put(tenant, new Warm(chart, System.nanoTime()));
        long interval = java.time.Duration.ofSeconds(3600).toNanos();
        access = new AccessDecisions(t -> {
            Warm w = warm.getIfPresent(t);
            if (w == null || System.nanoTime() - w.checkedAtNanos() >= interval) {
                throw new IllegalStateException("the cache went cold during the benchmark");
            }
            return w.chart();
        });

        UUID director = ids.get(1);
        companyWide = subject(tenant, ids.get(0), Reach.TENANT);
        supervisor = subject(tenant, director, new Reach(false, true, Set.of()));
        Set<UUID> chosen = new HashSet<>(groups.subList(0, 3));
        groupHolder = subject(tenant, ids.get(5_000), new Reach(false, false, chosen));

        List<AccessTarget> deep = new ArrayList<>();
        List<AccessTarget> outside = new ArrayList<>();
        List<AccessTarget> hits = new ArrayList<>();
        List<AccessTarget> misses = new ArrayList<>();
        for (int i = EMPLOYEES - 1; i > 0 && (deep.size() < 1024 || outside.size() < 1024); i--) {
            if (levelOf[i] == 4) {
                AccessTarget t = AccessTarget.employee(ids.get(i));
                if (chart.reportsTo(ids.get(i), director)) {
                    deep.add(t);
                } else {
                    outside.add(t);
                }
            }
        }
        for (int i = 0; i < EMPLOYEES && (hits.size() < 1024 || misses.size() < 1024); i++) {
            (chosen.contains(groups.get(i % GROUPS)) ? hits : misses).add(AccessTarget.employee(ids.get(i)));
        }
        deepReports = first1024(deep);
        outsiders = first1024(outside);
        inGroups = first1024(hits);
        outsideGroups = first1024(misses);
        if (!access.can(supervisor, Permission.EMPLOYEES_VIEW, deepReports[0]) || access.can(supervisor, Permission.EMPLOYEES_VIEW, outsiders[0])
                || !access.can(groupHolder, Permission.EMPLOYEES_VIEW, inGroups[0]) || access.can(groupHolder, Permission.EMPLOYEES_VIEW, outsideGroups[0])) {
            throw new IllegalStateException("the benchmark's company is not what it claims to be");
        }
    }

    record Warm(OrgChart chart, long checkedAtNanos) {}

    private static AccessTarget[] first1024(List<AccessTarget> from) {
        AccessTarget[] out = new AccessTarget[1024];
        for (int i = 0; i < out.length; i++) {
            out[i] = from.get(i % from.size());
        }
        return out;
    }

    private static Subject subject(TenantId tenant, UUID id, Reach reach) {
        Map<Permission, Reach> grants = new EnumMap<>(Permission.class);
        grants.put(Permission.EMPLOYEES_VIEW, reach);
        grants.put(Permission.GROUPS_VIEW, Reach.TENANT);
        return new Subject(tenant, id, "bench@fortel.test", "Bench", Set.of(Role.EMPLOYEE), grants, false, null);
    }

    private AccessTarget pick(AccessTarget[] targets) {
        next = (next + 1) & 1023;
        return targets[next];
    }

    @Benchmark
    public boolean baselineFunctionCheck() {
        next = (next + 1) & 1023;
        return supervisor.has(next % 2 == 0 ? Permission.EMPLOYEES_VIEW : Permission.GROUPS_MANAGE);
    }

    @Benchmark
    public boolean companyWideGrant() {
        return access.can(companyWide, Permission.EMPLOYEES_VIEW, pick(outsiders));
    }

    @Benchmark
    public boolean subordinatesThreeLevelsDown() {
        return access.can(supervisor, Permission.EMPLOYEES_VIEW, pick(deepReports));
    }

    @Benchmark
    public boolean subordinatesOutsideTheTeam() {
        return access.can(supervisor, Permission.EMPLOYEES_VIEW, pick(outsiders));
    }

    @Benchmark
    public boolean chosenGroupsMember() {
        return access.can(groupHolder, Permission.EMPLOYEES_VIEW, pick(inGroups));
    }

    @Benchmark
    public boolean chosenGroupsNonMember() {
        return access.can(groupHolder, Permission.EMPLOYEES_VIEW, pick(outsideGroups));
    }
}
