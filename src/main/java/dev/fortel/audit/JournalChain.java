package dev.fortel.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hash chain. {@code canonical(event)} is a JSON array of every stored field in a fixed order, so the
 * encoding is unambiguous (no field can bleed into the next) and independent of column order or database.
 * The first event of a tenant links to 64 zeros.
 */
final class JournalChain {

    static final String GENESIS = "0".repeat(64);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JournalChain() {}

    static String hash(String prevHash, JournalEntry e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HexFormat.of().parseHex(prevHash));
            sha.update(canonical(e).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e1) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e1);
        }
    }

    static String canonical(JournalEntry e) {
        List<Object> fields = new ArrayList<>();
        fields.add(e.tenantId().toString());
        fields.add(e.seq());
        fields.add(e.id().toString());
        fields.add(DateTimeFormatter.ISO_INSTANT.format(e.time()));
        fields.add(e.type());
        fields.add(e.outcome().name());
        fields.add(e.actor().id() == null ? null : e.actor().id().toString());
        fields.add(e.actor().name());
        fields.add(e.actor().ip());
        fields.add(e.actor().userAgent());
        fields.add(e.actor().session());
        fields.add(e.target().kind());
        fields.add(e.target().id());
        fields.add(e.target().name());
        fields.add(e.details());
        return JSON.writeValueAsString(fields);
    }
}
