package dev.fortel.audit;

import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Signed checkpoints of each company's chain head. The hash chain alone proves order and integrity only to someone
 * who trusts the head: an insider who rewrites an old event and recomputes every later hash, or deletes the newest
 * events and moves the head back, leaves a chain that verifies. A checkpoint signs (company, sequence, hash, time)
 * with Ed25519 under a key derived from the master key (HKDF, {@link SecretBox#derivedKeys}), which never enters the
 * database, so such a rewrite no longer matches what was signed. Signatures use Bouncy Castle's Ed25519 (RFC 8032).
 */
@Component
public class JournalCheckpoints {

    static final String PURPOSE = "audit.journal-checkpoints";

    /** One stored checkpoint. */
    record Checkpoint(long seq, String hash, Instant signedAt, String keyId, String signature) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String signingKeyId;
    private final Ed25519PrivateKeyParameters signingKey;
    private final Map<String, Ed25519PublicKeyParameters> verifyingKeys = new LinkedHashMap<>();

    JournalCheckpoints(JdbcClient jdbc, Clock clock, SecretBox box) {
        this.jdbc = jdbc;
        this.clock = clock;
        Map<String, byte[]> seeds = box.derivedKeys(PURPOSE);
        String current = null;
        Ed25519PrivateKeyParameters currentKey = null;
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed.getValue(), 0);
            Arrays.fill(seed.getValue(), (byte) 0);
            verifyingKeys.put(seed.getKey(), key.generatePublicKey());
            if (current == null) {
                current = seed.getKey();
                currentKey = key;
            }
        }
        this.signingKeyId = current;
        this.signingKey = currentKey;
    }

    /** Signs every company's head that has moved since its last checkpoint; returns how many were signed. */
    @Scheduled(fixedDelayString = "${fortel.journal.checkpoint-interval}", initialDelayString = "${fortel.journal.checkpoint-interval}")
    public int checkpointAll() {
        record Due(UUID tenant, long seq, String hash) {}
        List<Due> due = TenantContext.asPlatform(() -> jdbc.sql("""
                SELECT h.tenant_id, h.last_seq, h.last_hash FROM journal_heads h
                WHERE h.last_seq > COALESCE((SELECT max(c.seq) FROM journal_checkpoints c WHERE c.tenant_id = h.tenant_id), 0)""")
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3))).list());
        for (Due d : due) {
            TenantId tenant = TenantId.of(d.tenant());
            TenantContext.as(tenant, () -> sign(tenant, d.seq(), d.hash()));
        }
        return due.size();
    }

    /** Signs one company's head now, if it has a journal. */
    public void checkpoint(TenantId tenant) {
        record Head(long seq, String hash) {}
        TenantContext.as(tenant, () -> jdbc.sql("SELECT last_seq, last_hash FROM journal_heads WHERE tenant_id = :t").param("t", tenant.value())
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).optional().ifPresent(h -> sign(tenant, h.seq(), h.hash())));
    }

    private void sign(TenantId tenant, long seq, String hash) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, signingKey);
        byte[] message = message(tenant, seq, hash, at);
        signer.update(message, 0, message.length);
        String signature = Base64.getEncoder().encodeToString(signer.generateSignature());
        jdbc.sql("""
                INSERT INTO journal_checkpoints (tenant_id, seq, hash, signed_at, key_id, signature) VALUES (:t, :seq, :hash, :at, :key, :sig)
                ON CONFLICT DO NOTHING""").param("t", tenant.value()).param("seq", seq).param("hash", hash)
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).param("key", signingKeyId).param("sig", signature).update();
    }

    List<Checkpoint> of(TenantId tenant) {
        return jdbc.sql("SELECT seq, hash, signed_at, key_id, signature FROM journal_checkpoints WHERE tenant_id = :t ORDER BY seq")
                .param("t", tenant.value())
                .query((rs, n) -> new Checkpoint(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
                        rs.getString(5))).list();
    }

    /** Whether the checkpoint's signature is one of ours (current or previous master key) over exactly its fields. */
    boolean authentic(TenantId tenant, Checkpoint c) {
        return verify(c.keyId(), c.signature(), message(tenant, c.seq(), c.hash(), c.signedAt()));
    }

    /** Where a company's retained chain begins: the last expired event, as signed when it expired. */
    record Horizon(long seq, String hash, Instant cutAt, String keyId, String signature) {}

    /**
     * Records, in the caller's transaction, that a company's events up to {@code seq} expired: signed, so that only this
     * server can say where a chain may begin. A horizon only moves forward.
     */
    void signHorizon(TenantId tenant, long seq, String hash) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, signingKey);
        byte[] message = horizonMessage(tenant, seq, hash, at);
        signer.update(message, 0, message.length);
        String signature = Base64.getEncoder().encodeToString(signer.generateSignature());
        int moved = jdbc.sql("""
                UPDATE journal_horizons SET seq = :seq, hash = :hash, cut_at = :at, key_id = :key, signature = :sig WHERE tenant_id = :t AND seq < :seq""")
                .param("seq", seq).param("hash", hash).param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).param("key", signingKeyId)
                .param("sig", signature).param("t", tenant.value()).update();
        if (moved == 0) {
            jdbc.sql("""
                    INSERT INTO journal_horizons (tenant_id, seq, hash, cut_at, key_id, signature) VALUES (:t, :seq, :hash, :at, :key, :sig)
                    ON CONFLICT DO NOTHING""").param("t", tenant.value()).param("seq", seq).param("hash", hash)
                    .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).param("key", signingKeyId).param("sig", signature).update();
        }
    }

    java.util.Optional<Horizon> horizon(TenantId tenant) {
        return jdbc.sql("SELECT seq, hash, cut_at, key_id, signature FROM journal_horizons WHERE tenant_id = :t").param("t", tenant.value())
                .query((rs, n) -> new Horizon(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
                        rs.getString(5))).optional();
    }

    boolean authentic(TenantId tenant, Horizon h) {
        return verify(h.keyId(), h.signature(), horizonMessage(tenant, h.seq(), h.hash(), h.cutAt()));
    }

    private boolean verify(String keyId, String signatureText, byte[] message) {
        Ed25519PublicKeyParameters key = verifyingKeys.get(keyId);
        if (key == null) {
            return false;
        }
        try {
            byte[] signature = Base64.getDecoder().decode(signatureText);
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, key);
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static byte[] horizonMessage(TenantId tenant, long seq, String hash, Instant at) {
        return ("fortel-journal-horizon-v1\n" + tenant.value() + "\n" + seq + "\n" + hash + "\n" + at).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] message(TenantId tenant, long seq, String hash, Instant at) {
        return ("fortel-journal-checkpoint-v1\n" + tenant.value() + "\n" + seq + "\n" + hash + "\n" + at).getBytes(StandardCharsets.UTF_8);
    }
}
