package dev.fortel.identity.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import dev.fortel.support.TestDirectoryServer;
import dev.fortel.tenancy.TenantId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What typed logins become on the wire: values in filters are escaped by the SDK (RFC 4515 §3), so a login can never
 * widen the search that finds the entry to bind as.
 */
class DirectoryBindFilterTests {

    @TempDir
    Path dir;

    @Test
    void aLoginFullOfFilterSyntaxIsSearchedForLiterallyAndFindsNobody() throws Exception {
        try (TestDirectoryServer ldap = TestDirectoryServer.start(dir, TestDirectoryServer.Mode.TLS, LdapDirectoryTestData.SUFFIX,
                LdapDirectoryTestData.seed("corp.test"))) {
            LdapSettings s = settings(ldap);
            DirectoryConnector connector = new DirectoryConnector(Duration.ofSeconds(5), Duration.ofSeconds(5));
            try (LDAPConnection c = connector.bound(s.url(), s.caPem(), LdapDirectoryTestData.SERVICE_DN, LdapDirectoryTestData.SERVICE_PASSWORD)) {
                assertThat(DirectoryBind.entry(c, s, "*)(uid=*))(|(uid=*")).isEmpty();
                assertThat(DirectoryBind.entry(c, s, "*")).isEmpty();
                assertThat(DirectoryBind.entry(c, s, "a*@corp.test")).as("a * in an e-mail address is not a wildcard").isEmpty();
                assertThat(DirectoryBind.entry(c, s, "anna@corp.test")).isPresent();
            }
            List<String> searches = ldap.accessLog().stream().filter(l -> l.contains("SEARCH REQUEST")).toList();
            assertThat(searches).anyMatch(l -> l.contains("(mail=\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a)"));
            assertThat(searches).anyMatch(l -> l.contains("(mail=a\\2a@corp.test)"));
            assertThat(searches).noneMatch(l -> l.contains("(uid=*)"));
        }
    }

    @Test
    void anEmptyPasswordIsNeverSentBecauseTheServerWouldTakeItAsAnUnauthenticatedBind() throws Exception {
        try (TestDirectoryServer ldap = TestDirectoryServer.start(dir, TestDirectoryServer.Mode.TLS, LdapDirectoryTestData.SUFFIX,
                LdapDirectoryTestData.seed("corp.test"))) {
            LdapSettings s = settings(ldap);
            DirectoryConnector connector = new DirectoryConnector(Duration.ofSeconds(5), Duration.ofSeconds(5));
            try (LDAPConnection c = connector.open(s.url(), s.caPem())) {
                DirectoryProblem refused = org.junit.jupiter.api.Assertions.assertThrows(DirectoryProblem.class,
                        () -> DirectoryConnector.bind(c, "uid=anna,ou=people," + LdapDirectoryTestData.SUFFIX, ""));
                assertThat(refused.code()).isEqualTo("bind_rejected");
            }
            assertThat(ldap.accessLog()).noneMatch(l -> l.contains("] BIND REQUEST"));
        }
    }

    private static LdapSettings settings(TestDirectoryServer ldap) {
        return new LdapSettings(TenantId.of(UUID.randomUUID()), true, ldap.url(), ldap.caPem(), LdapDirectoryTestData.SERVICE_DN,
                "ou=people," + LdapDirectoryTestData.SUFFIX, "(objectClass=inetOrgPerson)", "mail", "cn", null, null, null, "entryUUID", null, null, null,
                0, null, List.of(), Instant.now(), Instant.now());
    }
}
