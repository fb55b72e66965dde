package dev.fortel.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@FortelServerTest
class EmployeesApiTests extends ServerTestSupport {

    @Test
    void createdEmployeeIsListedAndReadBack() {
        Fixtures.Company acme = fixtures.company("Acme");
        JsonNode group = fixtures.group(acme.ownerToken(), "Sales");
        FortelClient.Response created = client.post(acme.ownerToken(), "/api/v1/employees", """
                {"login": "Anna.K@Acme.test", "display_name": "Anna Karenina", "extension": "101", "mobile": "+74951234567",
                 "group_ids": ["%s"], "supervisor_id": "%s", "expires_at": "2030-12-31", "roles": ["admin"]}"""
                .formatted(group.get("id").asString(), acme.ownerId()));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/employees/" + created.body().get("id").asString());
        JsonNode e = client.get(acme.ownerToken(), "/api/v1/employees/" + created.body().get("id").asString()).body();
        assertThat(e.get("login").asString()).isEqualTo("anna.k@acme.test");
        assertThat(e.get("display_name").asString()).isEqualTo("Anna Karenina");
        assertThat(e.get("extension").asString()).isEqualTo("101");
        assertThat(e.get("group_ids").get(0).asString()).isEqualTo(group.get("id").asString());
        assertThat(e.get("supervisor_id").asString()).isEqualTo(acme.ownerId().toString());
        assertThat(e.get("status").asString()).isEqualTo("active");
        assertThat(e.get("expires_at").asString()).as("a date means to the end of that day, UTC").isEqualTo("2031-01-01T00:00:00Z");
        assertThat(e.get("roles").toString()).isEqualTo("[\"admin\"]");
        JsonNode list = client.get(acme.ownerToken(), "/api/v1/employees?q=karenina").body();
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("next_cursor").isNull()).isTrue();
    }
}
