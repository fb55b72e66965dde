package dev.fortel.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.ConsoleDevice;
import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A console session stored by an earlier version of the server (its signed-in person serialized as classes that have
 * changed since) cannot be read back. Its holder is asked to sign in again, never shown a server error.
 */
@FortelServerTest
class UnreadableSessionTests extends ServerTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSessionWhoseStoredSignInCannotBeReadLeadsToTheSignInPage() {
        Fixtures.Company acme = fixtures.company("Upgrade");
        ConsoleDevice browser = ConsoleDevice.signIn(client.base(), acme.ownerLogin(), Fixtures.PASSWORD, "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
        assertThat(browser.status("/")).isEqualTo(200);

        // A Java serialization stream header followed by a class descriptor of a class this server does not have.
        byte[] foreign = java.util.HexFormat.of().parseHex("aced0005737200196465762e666f7274656c2e4e6f537563684f6c64436c617373"
                + "0000000000000001020000787078");
        int changed = jdbc.sql("UPDATE spring_session_attributes SET attribute_bytes = :bytes WHERE attribute_name = 'SPRING_SECURITY_CONTEXT' "
                        + "AND session_primary_id = (SELECT primary_id FROM spring_session WHERE session_id = :id)")
                .param("bytes", foreign).param("id", browser.sessionId()).update();
        assertThat(changed).isEqualTo(1);

        HttpResponse<String> page = browser.get("/");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).contains("/login");
    }
}
