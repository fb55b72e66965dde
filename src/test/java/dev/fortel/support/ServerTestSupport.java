package dev.fortel.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every test against the running server starts with: an HTTPS client for its random port and the
 * fixtures built on it. JUnit runs this before a subclass's own {@code @BeforeEach}.
 */
public abstract class ServerTestSupport {

    @LocalServerPort
    protected int port;

    protected FortelClient client;
    protected Fixtures fixtures;

    @BeforeEach
    protected void connect() {
        client = new FortelClient(port);
        fixtures = new Fixtures(client);
    }
}
