package dev.fortel.telephony.recordings;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.tenancy.TenantId;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each company's recording key: a Tink streaming-AEAD keyset (AES-256-GCM-HKDF, 1 MiB segments), made on first
 * use and stored sealed by the master key, so the files of one company cannot be read with another's key and a
 * copy of the recording folder without the database and the master key is noise. Opened keys are kept in memory
 * for a few minutes, not for ever.
 */
@Component
class RecordingKeys {

    static final String PURPOSE = "telephony.recording-keyset";

    static {
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Clock clock;
    private final TransactionTemplate own;
    private final Cache<UUID, StreamingAead> opened = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(10_000).build();

    RecordingKeys(JdbcClient jdbc, SecretBox box, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
        // A new key is stored in a transaction of its own: were it stored in the upload's transaction and that rolled
        // back, the key kept in memory would encrypt files whose key the database never got.
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The company's key, made now if it has none (two first uploads racing agree on the one stored first). */
    StreamingAead of(TenantId tenant) {
        return opened.get(tenant.value(), id -> load(tenant));
    }

    private StreamingAead load(TenantId tenant) {
        String owner = tenant.value().toString();
        String sealed = jdbc.sql("SELECT sealed_keyset FROM recording_keysets WHERE tenant_id = :t").param("t", tenant.value())
                .query(String.class).optional().orElse(null);
        try {
            if (sealed == null) {
                KeysetHandle fresh = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
                byte[] raw = TinkProtoKeysetFormat.serializeKeyset(fresh, InsecureSecretKeyAccess.get());
                String candidate = box.seal(Base64.getEncoder().encodeToString(raw), PURPOSE, owner);
                sealed = own.execute(tx -> {
                    jdbc.sql("INSERT INTO recording_keysets (tenant_id, sealed_keyset, created_at) VALUES (:t, :k, :now) ON CONFLICT DO NOTHING")
                            .param("t", tenant.value()).param("k", candidate)
                            .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
                    return jdbc.sql("SELECT sealed_keyset FROM recording_keysets WHERE tenant_id = :t").param("t", tenant.value())
                            .query(String.class).single();
                });
            }
            byte[] raw = Base64.getDecoder().decode(box.openText(sealed, PURPOSE, owner));
            return TinkProtoKeysetFormat.parseKeyset(raw, InsecureSecretKeyAccess.get())
                    .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the recording key of company " + owner + " cannot be used", e);
        }
    }
}
