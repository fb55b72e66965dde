package dev.fortel.audit.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.JournalEntry.Actor;
import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CorrelationEngineTests {

    private static final TenantId ACME = TenantId.of(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private static final TenantId GLOBEX = TenantId.of(UUID.fromString("00000000-0000-0000-0000-00000000000b"));
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private long seq;

    private ObservedEvent event(TenantId tenant, long secondsAfter, String type, String login, String ip, String details) {
        return new ObservedEvent(new JournalEntry(tenant, ++seq, UUID.randomUUID(), T0.plusSeconds(secondsAfter), type,
                type.endsWith("failed") ? Outcome.FAILURE : Outcome.SUCCESS, new Actor(null, login, ip, null, null), Target.NONE,
                details.isEmpty() ? "{\"login\":\"" + login + "\"}" : details, "", ""));
    }

    private ObservedEvent signIn(UUID employee, long secondsAfter, String ip, String details) {
        return new ObservedEvent(new JournalEntry(ACME, ++seq, UUID.randomUUID(), T0.plusSeconds(secondsAfter), "auth.login.succeeded",
                Outcome.SUCCESS, new Actor(employee, "someone", ip, null, null), Target.NONE, details, "", ""));
    }

    private static List<Match> feed(CorrelationEngine engine, List<ObservedEvent> events) {
        List<Match> all = new ArrayList<>();
        events.forEach(e -> all.addAll(engine.accept(e, new ArrayList<>())));
        return all;
    }

    private static CorrelationEngine engine(List<RuleFile> company, List<RuleFile> provider) {
        return new CorrelationEngine(1000, provider, t -> company);
    }

    @Test
    void fiveFailedSignInsThenASuccessForTheSameLoginRaiseOneHighAlert() {
        CorrelationEngine engine = engine(BuiltInRules.company(), List.of());
        List<ObservedEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event(ACME, i * 10, "auth.login.failed", "Anna@acme.example", "198.51.100.7", ""));
        }
        events.add(event(ACME, 70, "auth.login.succeeded", "anna@acme.example", "198.51.100.7", ""));
        List<Match> matches = feed(engine, events);
        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.rule()).isEqualTo("failed_sign_ins_then_success");
            assertThat(m.level()).isEqualTo(Rule.Level.HIGH);
            assertThat(m.group()).containsEntry("details.login", "anna@acme.example");
            assertThat(m.scope()).isEqualTo(ACME);
        });
    }

    @Test
    void failedSignInsSpreadWiderThanTheTimespanOrASuccessFirstRaiseNothing() {
        CorrelationEngine engine = engine(BuiltInRules.company(), List.of());
        List<ObservedEvent> events = new ArrayList<>();
        events.add(event(ACME, 0, "auth.login.succeeded", "anna@acme.example", "198.51.100.7", ""));
        for (int i = 0; i < 5; i++) {
            events.add(event(ACME, 1 + i * 200, "auth.login.failed", "anna@acme.example", "198.51.100.7", ""));
        }
        assertThat(feed(engine, events)).isEmpty();
    }

    @Test
    void oneAddressFailingAtTenLoginsIsPasswordSprayingButAtNineIsNot() {
        CorrelationEngine engine = engine(BuiltInRules.company(), List.of());
        List<ObservedEvent> events = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            events.add(event(ACME, i, "auth.login.failed", "user" + i + "@acme.example", "203.0.113.9", ""));
            events.add(event(ACME, i, "auth.login.failed", "user" + i + "@acme.example", "203.0.113.9", ""));
        }
        assertThat(feed(engine, events)).isEmpty();
        assertThat(feed(engine, List.of(event(ACME, 20, "auth.login.failed", "user9@acme.example", "203.0.113.9", ""))))
                .singleElement().satisfies(m -> {
                    assertThat(m.rule()).isEqualTo("password_spraying");
                    assertThat(m.group()).containsEntry("actor.ip", "203.0.113.9");
                    assertThat(m.count()).isEqualTo(10);
                });
    }

    @Test
    void theProvidersRuleSeesOneAddressFailingAcrossCompaniesThatNoCompanySeesAlone() {
        CorrelationEngine engine = engine(List.of(), BuiltInRules.provider());
        TenantId third = TenantId.of(UUID.randomUUID());
        List<Match> matches = feed(engine, List.of(event(ACME, 0, "auth.login.failed", "a", "192.0.2.50", ""),
                event(GLOBEX, 1, "auth.login.failed", "b", "192.0.2.50", ""), event(third, 2, "auth.login.failed", "c", "192.0.2.50", "")));
        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.scope()).isNull();
            assertThat(m.rule()).isEqualTo("spraying_across_companies");
        });
    }

    @Test
    void anAdministratorsFirstSignInLearnsAndANewAddressLaterRaisesAnAlert() {
        CorrelationEngine engine = engine(BuiltInRules.company(), List.of());
        String admin = "{\"login\":\"olga@acme.example\",\"roles\":[\"owner\"]}";
        String plain = "{\"login\":\"ivan@acme.example\",\"roles\":[\"employee\"]}";
        List<SeenWrite> writes = new ArrayList<>();
        UUID olga = UUID.randomUUID();
        assertThat(engine.accept(signIn(olga, 0, "10.0.0.1", admin), writes)).isEmpty();
        assertThat(engine.accept(signIn(olga, 60, "10.0.0.1", admin), writes)).isEmpty();
        assertThat(writes).hasSize(1);
        assertThat(engine.accept(signIn(UUID.randomUUID(), 90, "10.9.9.9", plain), writes)).isEmpty();
        assertThat(engine.accept(signIn(UUID.randomUUID(), 91, "10.9.9.8", plain), writes)).isEmpty();
        assertThat(engine.accept(signIn(olga, 120, "198.51.100.23", admin), writes)).singleElement()
                .satisfies(m -> assertThat(m.rule()).isEqualTo("administrator_new_address"));
        assertThat(writes).hasSize(2);
    }

    @Test
    void anAddressLearnedBeforeARestartIsNotNewAfterIt() {
        CorrelationEngine engine = engine(BuiltInRules.company(), List.of());
        UUID olga = UUID.randomUUID();
        String admin = "{\"login\":\"olga@acme.example\",\"roles\":[\"admin\"]}";
        engine.scope(ACME).restoreSeen("administrator-new-address", "administrator_new_address", olga.toString(), "10.0.0.1",
                T0.toEpochMilli());
        assertThat(engine.accept(signIn(olga, 3600, "10.0.0.1", admin), new ArrayList<>())).isEmpty();
        assertThat(engine.accept(signIn(olga, 3700, "10.0.0.2", admin), new ArrayList<>())).hasSize(1);
    }

    @Test
    void aRoleChangeAtNightMoscowTimeIsOutsideWorkingHoursAndAtNoonItIsNot() {
        CorrelationEngine engine = engine(BuiltInRules.company(), List.of());
        // 10:00 UTC is 13:00 in Moscow; 19:30 UTC is 22:30 there.
        assertThat(engine.accept(event(ACME, 0, "role.changed", "olga", "10.0.0.1", "{}"), new ArrayList<>())).isEmpty();
        assertThat(engine.accept(event(ACME, 9 * 3600 + 1800, "role.changed", "olga", "10.0.0.1", "{}"), new ArrayList<>()))
                .singleElement().satisfies(m -> assertThat(m.rule()).isEqualTo("security_changes_after_hours"));
    }

    @Test
    void temporalNeedsEveryRuleWithinTheSpanInAnyOrder() throws Exception {
        RuleFile f = RuleParser.parse("t", """
                title: A
                name: a
                detection: {s: {type: x.a}, condition: s}
                ---
                title: B
                name: b
                detection: {s: {type: x.b}, condition: s}
                ---
                title: A and B
                name: ab
                correlation: {type: temporal, rules: [a, b], group-by: [actor.name], timespan: 1m}
                """);
        CorrelationEngine engine = engine(List.of(f), List.of());
        assertThat(feed(engine, List.of(event(ACME, 0, "x.b", "p", "1.1.1.1", "{}"), event(ACME, 30, "x.a", "p", "1.1.1.1", "{}"))))
                .singleElement().satisfies(m -> assertThat(m.rule()).isEqualTo("ab"));
        assertThat(feed(engine, List.of(event(ACME, 100, "x.b", "p", "1.1.1.1", "{}"), event(ACME, 200, "x.a", "p", "1.1.1.1", "{}")))).isEmpty();
        assertThat(feed(engine, List.of(event(ACME, 300, "x.b", "q", "1.1.1.1", "{}"), event(ACME, 301, "x.a", "p", "1.1.1.1", "{}")))).isEmpty();
    }

    @Test
    void selectionsUseModifiersAndConditionsWithNotAndQuantifiers() throws Exception {
        RuleFile f = RuleParser.parse("m", """
                title: Sign-in from outside the office network, unless through SSO
                name: outside
                detection:
                  sel_type: {type|startswith: AUTH.LOGIN.}
                  sel_ok: {outcome: success}
                  office: {actor.ip|cidr: [10.0.0.0/8, "2001:db8::/32"]}
                  sso: {details.method|contains: saml}
                  condition: all of sel_* and not (office or sso)
                """);
        CorrelationEngine engine = engine(List.of(f), List.of());
        assertThat(engine.accept(event(ACME, 0, "auth.login.succeeded", "a", "10.1.2.3", "{\"method\":\"password\"}"), new ArrayList<>())).isEmpty();
        assertThat(engine.accept(event(ACME, 0, "auth.login.succeeded", "a", "2001:db8::5", "{\"method\":\"password\"}"), new ArrayList<>())).isEmpty();
        assertThat(engine.accept(event(ACME, 0, "auth.login.succeeded", "a", "192.0.2.1", "{\"method\":\"saml-sso\"}"), new ArrayList<>())).isEmpty();
        assertThat(engine.accept(event(ACME, 0, "auth.login.failed", "a", "192.0.2.1", "{\"method\":\"password\"}"), new ArrayList<>())).isEmpty();
        assertThat(engine.accept(event(ACME, 0, "auth.login.succeeded", "a", "192.0.2.1", "{\"method\":\"password\"}"), new ArrayList<>())).hasSize(1);
    }

    @Test
    void aRuleFileWithAnUnknownFieldOrBadSyntaxIsRefusedNamingWhereAndWhatToWrite() {
        assertThatThrownBy(() -> RuleParser.parse("x", "title: A\nname: a\ndetection: {s: {type: a}, condition: s}\nseverity: high\n"))
                .hasMessageContaining("rule 1 (a): unknown field 'severity'");
        assertThatThrownBy(() -> RuleParser.parse("x", "title: A\nname: a\ndetection: {s: {actor.address: a}, condition: s}\n"))
                .hasMessageContaining("unknown field 'actor.address'").hasMessageContaining("actor.ip");
        assertThatThrownBy(() -> RuleParser.parse("x", "title: A\nname: a\ndetection:\n  s: {type: a\n  condition: s\n"))
                .hasMessageContaining("is not valid YAML at line");
        assertThatThrownBy(() -> RuleParser.parse("x", "title: A\nname: a\ndetection: {s: {type: a}, condition: s or t}\n"))
                .hasMessageContaining("'t' is not a selection of this detection");
        assertThatThrownBy(() -> RuleParser.parse("x", "title: A\nname: a\ndetection: {s: {type|re: 'a.*'}, condition: s}\n"))
                .hasMessageContaining("regular expressions are refused");
        assertThatThrownBy(() -> RuleParser.parse("x", """
                title: C
                name: c
                correlation: {type: event_count, rules: [missing], timespan: 5m, condition: {gte: 3}}
                """)).hasMessageContaining("names 'missing', which is not a rule defined before it");
        assertThatThrownBy(() -> RuleParser.parse("x", """
                title: A
                name: a
                detection: {s: {type: a}, condition: s}
                ---
                title: C
                name: c
                correlation: {type: event_count, rules: [a], timespan: 5 minutes, condition: {gte: 3}}
                """)).hasMessageContaining("rule 2 (c): correlation.timespan: '5 minutes' is not a timespan; write a number and s, m, h or d");
        assertThatThrownBy(() -> RuleParser.parse("x", """
                title: A
                name: a
                detection: {s: {type: a}, condition: s}
                ---
                title: C
                name: c
                correlation: {type: event_count, rules: [a], timespan: 5m, condition: {lt: 3}}
                """)).hasMessageContaining("'lt' is not supported");
    }

    @Test
    void everyBuiltInRuleParses() {
        assertThat(BuiltInRules.company()).extracting(RuleFile::name).containsExactlyInAnyOrder("failed-sign-ins-then-success",
                "password-spraying", "mass-recording-download", "administrator-new-address", "security-changes-after-hours");
        assertThat(BuiltInRules.provider()).extracting(RuleFile::name).containsExactly("spraying-across-companies");
    }

    @Test
    void aDetectionIsSkippedOnlyForEventTypesItCannotMatch() throws Exception {
        RuleFile file = RuleParser.parse("types", """
                title: Pinned
                name: pinned
                detection:
                  sel: {type: [auth.login.failed, AUTH.LOGIN.SUCCEEDED]}
                  filter: {actor.ip|cidr: 10.0.0.0/8}
                  condition: sel and not filter
                ---
                title: Any type
                name: unpinned
                detection:
                  a: {type: auth.login.failed}
                  b: {outcome: failure}
                  condition: a or b
                ---
                title: Prefix
                name: prefix
                detection:
                  sel: {type|startswith: auth.}
                  condition: sel
                ---
                title: Negated
                name: negated
                detection:
                  sel: {type: auth.login.failed}
                  condition: not sel
                ---
                title: Both
                name: both
                detection:
                  a: {type: auth.login.failed}
                  b: {type: [auth.login.failed, recording.downloaded]}
                  condition: all of them
                """);
        List<Detection> detections = file.rules().stream().map(Rule::detection).toList();
        assertThat(detections.get(0).types()).containsExactlyInAnyOrder("auth.login.failed", "auth.login.succeeded");
        assertThat(detections.get(1).types()).as("b pins no type").isNull();
        assertThat(detections.get(2).types()).isNull();
        assertThat(detections.get(3).types()).isNull();
        assertThat(detections.get(4).types()).containsExactly("auth.login.failed");

        CorrelationEngine engine = engine(List.of(file), List.of());
        assertThat(feed(engine, List.of(event(ACME, 0, "employee.updated", "x", "198.51.100.1", ""))))
                .extracting(Match::rule).as("a type no pin names still reaches the unpinned rules").containsExactly("negated");
        assertThat(feed(engine, List.of(event(ACME, 1, "auth.login.failed", "x", "198.51.100.1", ""))))
                .extracting(Match::rule).containsExactly("pinned", "unpinned", "prefix", "both");
    }

    @Test
    void aRefusedRuleFileIsWordedInTheReadersLanguageWithTheFieldPathAsWritten() {
        org.springframework.context.support.ResourceBundleMessageSource messages = new org.springframework.context.support.ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        java.util.Locale ru = java.util.Locale.of("ru");
        java.util.function.Function<String, RuleParser.InvalidRuleFileException> refused = yaml -> {
            try {
                RuleParser.parse("x", yaml);
                throw new AssertionError("accepted: " + yaml);
            } catch (RuleParser.InvalidRuleFileException e) {
                return e;
            }
        };

        RuleParser.InvalidRuleFileException modifier = refused.apply("title: A\nname: night\ndetection: {sel: {hour|before: 6}, condition: sel}\n");
        assertThat(messages.getMessage(modifier.text(), ru))
                .isEqualTo("правило 1 (night), detection.sel.hour|before: неизвестный модификатор «before»; используйте contains, startswith, endswith, "
                        + "lt, lte, gt, gte, cidr или exists");
        assertThat(messages.getMessage(modifier.text(), java.util.Locale.ENGLISH)).as("English as built, quotes kept").isEqualTo(modifier.getMessage())
                .isEqualTo("rule 1 (night): detection.sel.hour|before: unknown modifier 'before'; use contains, startswith, endswith, lt, lte, gt, gte, "
                        + "cidr or exists");

        RuleParser.InvalidRuleFileException noSelection = refused.apply("title: A\nname: a\ndetection: {condition: sel}\n");
        assertThat(messages.getMessage(noSelection.text(), ru)).isEqualTo("правило 1 (a), detection: нет ни одной выборки, например «selection: {type: auth.login.failed}»");
        assertThat(messages.getMessage(noSelection.text(), java.util.Locale.ENGLISH))
                .isEqualTo("rule 1 (a): detection: has no selection, such as 'selection: {type: auth.login.failed}'");

        RuleParser.InvalidRuleFileException condition = refused.apply("title: A\nname: a\ndetection: {s: {type: a}, condition: s or t}\n");
        assertThat(messages.getMessage(condition.text(), ru)).isEqualTo("правило 1 (a), detection.condition: «t» — не выборка этого правила (выборки: s)");

        RuleParser.InvalidRuleFileException yaml = refused.apply("title: A\nname: a\ndetection:\n  s: {type: a\n  condition: s\n");
        assertThat(messages.getMessage(yaml.text(), ru)).startsWith("ошибка YAML в строке ");
    }
}
