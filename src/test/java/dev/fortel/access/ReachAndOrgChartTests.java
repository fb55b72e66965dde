package dev.fortel.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The arithmetic of scopes: how grants add up, what covers what, and walking reporting lines. */
class ReachAndOrgChartTests {

    private final UUID head = UUID.randomUUID();
    private final UUID lead = UUID.randomUUID();
    private final UUID staff = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();
    private final UUID sales = UUID.randomUUID();
    private final UUID support = UUID.randomUUID();

    private final OrgChart chart = new OrgChart(Map.of(lead, head, staff, lead), Map.of(staff, Set.of(sales), other, Set.of(support)));

    @Test
    void grantsOfNarrowScopesAddUpAndACompanyWideGrantSwallowsThem() {
        Reach subordinates = Grant.SUBORDINATES.reach();
        Reach salesOnly = Grant.overGroups(Set.of(sales)).reach();
        Reach both = subordinates.union(salesOnly);
        assertThat(both.subordinates()).isTrue();
        assertThat(both.groups()).containsExactly(sales);
        assertThat(both.union(Reach.TENANT)).isEqualTo(Reach.TENANT);
        assertThat(Grant.OWN.reach()).isEqualTo(Reach.OWN);
    }

    @Test
    void coversComparesEveryPartOfTheReach() {
        Reach salesAndSupport = Grant.overGroups(Set.of(sales, support)).reach();
        Reach salesOnly = Grant.overGroups(Set.of(sales)).reach();
        assertThat(salesAndSupport.covers(salesOnly)).isTrue();
        assertThat(salesOnly.covers(salesAndSupport)).isFalse();
        assertThat(salesOnly.covers(Grant.SUBORDINATES.reach())).as("groups and subordinates are not comparable").isFalse();
        assertThat(Grant.SUBORDINATES.reach().covers(salesOnly)).isFalse();
        assertThat(Reach.TENANT.covers(salesAndSupport.union(Grant.SUBORDINATES.reach()))).isTrue();
        assertThat(salesOnly.covers(Reach.TENANT)).isFalse();
        assertThat(Reach.OWN.covers(Reach.OWN)).isTrue();
    }

    @Test
    void aGrantOverGroupsAlwaysListsItsGroupsAndOtherScopesNone() {
        assertThat(new Grant(Scope.TENANT, Set.of(sales)).groups()).isEmpty();
        assertThat(new Reach(true, true, Set.of(sales))).isEqualTo(Reach.TENANT);
    }

    @Test
    void reportingLinesAreWalkedAtAnyDepthAndOnlyUpwards() {
        assertThat(chart.reportsTo(staff, head)).isTrue();
        assertThat(chart.reportsTo(staff, lead)).isTrue();
        assertThat(chart.reportsTo(head, staff)).isFalse();
        assertThat(chart.reportsTo(other, head)).isFalse();
        assertThat(chart.subordinatesOf(head)).containsExactlyInAnyOrder(lead, staff);
        assertThat(chart.subordinatesOf(staff)).isEmpty();
    }

    @Test
    void aCycleInTheDataCannotMakeTheWalkLoopForever() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        OrgChart looped = new OrgChart(Map.of(a, b, b, a), Map.of());
        assertThat(looped.reportsTo(a, UUID.randomUUID())).isFalse();
        assertThat(looped.subordinatesOf(a)).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void membershipsAnswerBothWays() {
        assertThat(chart.inAny(staff, Set.of(sales, support))).isTrue();
        assertThat(chart.inAny(lead, Set.of(sales))).isFalse();
        assertThat(chart.membersOf(Set.of(sales))).containsExactly(staff);
        assertThat(chart.groupsOf(other)).containsExactly(support);
    }

    @Test
    void theDecisionUsesTheChartOnlyForNarrowGrants() {
        AccessDecisions access = new AccessDecisions(tenant -> chart);
        Subject leadPerson = new Subject(dev.fortel.tenancy.TenantId.of(UUID.randomUUID()), lead, "lead@example.test", "Lead",
                Set.of(Role.SUPERVISOR), Map.of(Permission.EMPLOYEES_VIEW, Grant.SUBORDINATES.reach()), false, null);
        assertThat(access.can(leadPerson, Permission.EMPLOYEES_VIEW, AccessTarget.employee(staff))).isTrue();
        assertThat(access.can(leadPerson, Permission.EMPLOYEES_VIEW, AccessTarget.employee(lead))).as("own").isTrue();
        assertThat(access.can(leadPerson, Permission.EMPLOYEES_VIEW, AccessTarget.employee(head))).isFalse();
        assertThat(access.can(leadPerson, Permission.EMPLOYEES_MANAGE, AccessTarget.employee(staff))).as("a function not held").isFalse();
        assertThat(access.can(leadPerson.restrictedTo(Set.of()), Permission.EMPLOYEES_VIEW, AccessTarget.employee(staff)))
                .as("an integration token's scope without the function").isFalse();
    }
}
