package dev.fortel.support;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Builds the situations tests start from, through the public API only. */
public final class Fixtures {

    public static final String OPERATOR = "operator@fortel.test";
    public static final String OPERATOR_PASSWORD = "fortel test passphrase 2026";
    public static final String PASSWORD = "correct horse battery staple";

    private final FortelClient client;

    public Fixtures(FortelClient client) {
        this.client = client;
    }

    /** A client company with an activated owner. */
    public record Company(UUID id, String name, String ownerLogin, UUID ownerId, String ownerToken) {}

    public String operatorToken() {
        return client.token(OPERATOR, OPERATOR_PASSWORD);
    }

    public Company company(String prefix) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = prefix + " " + suffix;
        String owner = "owner-" + suffix + "@" + prefix.toLowerCase().replaceAll("[^a-z]", "") + ".test";
        FortelClient.Response created = client.post(operatorToken(), "/api/v1/tenants",
                "{\"name\": \"" + name + "\", \"owner_email\": \"" + owner + "\", \"owner_name\": \"Owner " + suffix + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("tenant creation failed: " + created.raw());
        }
        String url = created.body().get("activation_url").asString();
        String token = url.substring(url.lastIndexOf('/') + 1);
        FortelClient.Response activated = client.post(null, "/api/v1/activation/" + token, "{\"password\": \"" + PASSWORD + "\"}");
        if (activated.status() != 200) {
            throw new AssertionError("activation failed: " + activated.raw());
        }
        return new Company(UUID.fromString(created.body().get("id").asString()), name, owner,
                UUID.fromString(created.body().get("owner_id").asString()), client.token(owner, PASSWORD));
    }

    /** Creates an employee and returns the API's representation. */
    public JsonNode employee(String token, String login, String name) {
        FortelClient.Response r = client.post(token, "/api/v1/employees", "{\"login\": \"" + login + "\", \"display_name\": \"" + name + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("employee creation failed: " + r.raw());
        }
        return r.body();
    }

    /** Creates an employee who has chosen {@link #PASSWORD} through their activation link; returns their bearer token. */
    public String signedInEmployee(String adminToken, String login, String name) {
        JsonNode e = employee(adminToken, login, name);
        FortelClient.Response link = client.post(adminToken, "/api/v1/employees/" + e.get("id").asString() + "/activation-link", "{}");
        if (link.status() != 201) {
            throw new AssertionError("activation link failed: " + link.raw());
        }
        String url = link.body().get("activation_url").asString();
        FortelClient.Response activated = client.post(null, "/api/v1/activation/" + url.substring(url.lastIndexOf('/') + 1),
                "{\"password\": \"" + PASSWORD + "\"}");
        if (activated.status() != 200) {
            throw new AssertionError("activation failed: " + activated.raw());
        }
        return client.token(login, PASSWORD);
    }

    /** Like {@link #signedInEmployee(String, String, String)}, with these roles (e.g. "admin", "security_officer"). */
    public String signedInEmployee(String adminToken, String login, String name, String... roles) {
        String list = String.join(", ", java.util.Arrays.stream(roles).map(r -> "\"" + r + "\"").toList());
        FortelClient.Response r = client.post(adminToken, "/api/v1/employees",
                "{\"login\": \"" + login + "\", \"display_name\": \"" + name + "\", \"roles\": [" + list + "]}");
        if (r.status() != 201) {
            throw new AssertionError("employee creation failed: " + r.raw());
        }
        FortelClient.Response link = client.post(adminToken, "/api/v1/employees/" + r.body().get("id").asString() + "/activation-link", "{}");
        if (link.status() != 201) {
            throw new AssertionError("activation link failed: " + link.raw());
        }
        String url = link.body().get("activation_url").asString();
        FortelClient.Response activated = client.post(null, "/api/v1/activation/" + url.substring(url.lastIndexOf('/') + 1),
                "{\"password\": \"" + PASSWORD + "\"}");
        if (activated.status() != 200) {
            throw new AssertionError("activation failed: " + activated.raw());
        }
        return client.token(login, PASSWORD);
    }

    public JsonNode group(String token, String name) {
        FortelClient.Response r = client.post(token, "/api/v1/groups", "{\"name\": \"" + name + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("group creation failed: " + r.raw());
        }
        return r.body();
    }
}
