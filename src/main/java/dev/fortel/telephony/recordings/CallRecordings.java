package dev.fortel.telephony.recordings;

import dev.fortel.access.Subject;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.telephony.CallHistory;
import dev.fortel.telephony.CallRecord;
import dev.fortel.telephony.TelephonyEvents;
import dev.fortel.telephony.VipNumbers;
import dev.fortel.tenancy.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Call recordings: the media layer uploads one per call; people play and download them through short-lived links
 * bound to their session, within the employees their functions reach; each first use of a link is journaled.
 *
 * <p>An upload is checked before anything is kept: the call must exist, have no recording yet, and the bytes must be
 * the declared audio type (by their content). The audio is encrypted while it streams in, under the company's key
 * with the company and call as associated data, so a file copied under another call or company does not open.
 */
@Service
public class CallRecordings {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final RecordingStore store;
    private final RecordingCipher cipher;
    private final CallHistory history;
    private final VipNumbers vip;
    private final RecordingDeliveries deliveries;
    private final RecordingProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    CallRecordings(JdbcClient jdbc, RecordingStore store, RecordingCipher cipher, CallHistory history, VipNumbers vip, RecordingDeliveries deliveries,
            RecordingProperties properties, ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.store = store;
        this.cipher = cipher;
        this.history = history;
        this.vip = vip;
        this.deliveries = deliveries;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores a call's recording from {@code body}, declared as {@code contentType}. All or nothing: on any refusal
     * or failure no row and no file remain. The bytes stream in outside any transaction (an upload may take minutes
     * and must not hold a database connection); the row, the delivery and the journal entry are written together after.
     */
    public Recording store(TenantId tenant, String callId, @Nullable String contentType, InputStream body) {
        if (history.find(tenant, null, callId).isEmpty()) {
            throw new NotFoundException("call");
        }
        if (find(tenant, callId).isPresent()) {
            throw new ConflictException("call_id", "recordings.exists", "this call already has a recording; recordings are never replaced");
        }
        AudioType declared = contentType == null ? null : AudioType.declared(contentType).orElse(null);
        if (declared == null) {
            throw ValidationFailedException.of("content_type", "recordings.contentType",
                    "must be audio/wav, audio/mpeg or audio/ogg (Opus or Vorbis); the request said " + (contentType == null ? "nothing" : contentType),
                    contentType == null ? "-" : contentType);
        }
        String key = tenant.value() + "/" + UUID.randomUUID() + ".rec";
        long size;
        String sha256;
        try (InputStream in = body; RecordingStore.Upload upload = store.create(key)) {
            byte[] head = in.readNBytes(AudioType.SNIFF_BYTES);
            if (head.length == 0) {
                throw ValidationFailedException.of("body", "recordings.empty", "is empty; send the recording's bytes as the request body");
            }
            AudioType actual = AudioType.sniff(head, head.length).orElse(null);
            if (actual != declared) {
                String content = actual == null ? AudioType.describe(head, head.length) : actual.mediaType();
                throw ValidationFailedException.of("body", "recordings.type", "is not " + declared.mediaType() + ": its content is " + content
                        + "; send the file with the Content-Type it really has", declared.mediaType(), content);
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long max = properties.maxSize().toBytes();
            try (OutputStream out = cipher.encrypting(tenant, callId, upload.stream())) {
                size = copy(head, head.length, in, out, digest, max);
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
            upload.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("the recording could not be stored", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        AudioType type = declared;
        long stored = size;
        String digest = sha256;
        try {
            return transactions.execute(tx -> {
                removeOnRollback(key);
                return insert(tenant, callId, type, stored, digest, key, now);
            });
        } catch (DuplicateKeyException raced) {
            throw new ConflictException("call_id", "recordings.exists", "this call already has a recording; recordings are never replaced");
        }
    }

    private Recording insert(TenantId tenant, String callId, AudioType type, long size, String sha256, String key, Instant now) {
        jdbc.sql("""
                INSERT INTO call_recordings (tenant_id, call_id, media_type, size_bytes, sha256, object_key, stored_at)
                VALUES (:t, :c, :type, :size, :sha, :key, :now)""").param("t", tenant.value()).param("c", callId).param("type", type.mediaType())
                .param("size", size).param("sha", sha256).param("key", key).param("now", ts(now)).update();
        deliveries.enqueue(tenant, callId);
        events.publishEvent(new TelephonyEvents.RecordingStored(tenant, callId, type.mediaType(), size, sha256));
        return new Recording(callId, type.mediaType(), size, sha256, now);
    }

    public Optional<Recording> find(TenantId tenant, String callId) {
        return jdbc.sql("SELECT call_id, media_type, size_bytes, sha256, stored_at FROM call_recordings WHERE tenant_id = :t AND call_id = :c")
                .param("t", tenant.value()).param("c", callId)
                .query((rs, n) -> new Recording(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** The recording of a call the caller reaches ({@code reachable}: {@code null} for the whole company); 404 otherwise. */
    public Recording describe(Subject caller, @Nullable Collection<UUID> reachable, String callId) {
        history.find(caller.tenantId(), reachable, callId).orElseThrow(() -> new NotFoundException("call"));
        return find(caller.tenantId(), callId).orElseThrow(() -> new NotFoundException("recording"));
    }

    /**
     * A link for the caller's session to play or download the recording of a call within {@code reachable}. The caller's
     * function for the purpose was checked by the web layer; asking for a link reveals nothing, so it is not
     * journaled; opening it is.
     */
    @Transactional
    public RecordingLink link(Subject caller, @Nullable Collection<UUID> reachable, String callId, RecordingLink.Purpose purpose) {
        describe(caller, reachable, callId);
        if (caller.sessionRef() == null) {
            throw new IllegalStateException("a recording link needs a session or token to bind to");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expires = now.plus(properties.linkLifetime());
        jdbc.sql("DELETE FROM recording_links WHERE expires_at < :now").param("now", ts(now)).update();
        jdbc.sql("""
                INSERT INTO recording_links (id_hash, tenant_id, call_id, purpose, session_ref, employee_id, created_at, expires_at)
                VALUES (:h, :t, :c, :p, :s, :e, :now, :exp)""").param("h", hash(id)).param("t", caller.tenantId().value()).param("c", callId)
                .param("p", purpose.name()).param("s", caller.sessionRef()).param("e", caller.employeeId()).param("now", ts(now))
                .param("exp", ts(expires)).update();
        return new RecordingLink(id, callId, purpose, expires);
    }

    /** What a link opens: the decrypted audio as a channel of its plain bytes, to be closed by the reader. */
    public record Opened(String callId, AudioType type, long size, RecordingLink.Purpose purpose, SeekableByteChannel channel)
            implements AutoCloseable {

        public String fileName() {
            return "call-" + callId.replaceAll("[^A-Za-z0-9._-]", "_") + "." + type.extension();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Opens a link for the caller: only the session or token it was issued to, with the function of its purpose still
     * held ({@code reachable} as now computed), before it expires; every other case is the same 404. The first use is
     * journaled, with a VIP event when the call is a VIP subscriber's.
     */
    @Transactional
    public Opened open(Subject caller, @Nullable Collection<UUID> reachable, String linkId, RecordingLink.Purpose purpose) {
        Instant now = clock.instant();
        record Row(String callId, String purpose, String sessionRef, UUID employeeId, Instant expiresAt, @Nullable Instant usedAt) {}
        Row row = jdbc.sql("""
                SELECT call_id, purpose, session_ref, employee_id, expires_at, used_at FROM recording_links
                WHERE id_hash = :h AND tenant_id = :t""").param("h", hash(linkId)).param("t", caller.tenantId().value())
                .query((rs, n) -> {
                    OffsetDateTime used = rs.getObject(6, OffsetDateTime.class);
                    return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                            rs.getObject(5, OffsetDateTime.class).toInstant(), used == null ? null : used.toInstant());
                }).optional()
                .filter(r -> r.purpose().equals(purpose.name()) && r.sessionRef().equals(caller.sessionRef())
                        && r.employeeId().equals(caller.employeeId()) && r.expiresAt().isAfter(now))
                .orElseThrow(() -> new NotFoundException("recording link"));
        CallRecord call = history.find(caller.tenantId(), reachable, row.callId()).orElseThrow(() -> new NotFoundException("recording link"));
        String key = jdbc.sql("SELECT object_key FROM call_recordings WHERE tenant_id = :t AND call_id = :c").param("t", caller.tenantId().value())
                .param("c", row.callId()).query(String.class).optional().orElseThrow(() -> new NotFoundException("recording link"));
        Recording recording = find(caller.tenantId(), row.callId()).orElseThrow();
        if (row.usedAt() == null && jdbc.sql("UPDATE recording_links SET used_at = :now WHERE id_hash = :h AND used_at IS NULL")
                .param("now", ts(now)).param("h", hash(linkId)).update() == 1) {
            RequestOrigin origin = RequestOrigin.current();
            events.publishEvent(new TelephonyEvents.RecordingOpened(caller, row.callId(), purpose.code(), call.employeeId(), origin.ip(),
                    origin.userAgent()));
            vip.noteAccess(caller, purpose.code(), List.of(call));
        }
        return new Opened(row.callId(), AudioType.stored(recording.mediaType()).orElseThrow(), recording.sizeBytes(), purpose,
                cipher.decrypting(caller.tenantId(), row.callId(), key));
    }

    private static long copy(byte[] head, int headLength, InputStream in, OutputStream out, MessageDigest digest, long max) throws IOException {
        long total = headLength;
        if (total > max) {
            throw tooLarge(max);
        }
        out.write(head, 0, headLength);
        digest.update(head, 0, headLength);
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0;) {
            total += n;
            if (total > max) {
                throw tooLarge(max);
            }
            out.write(buffer, 0, n);
            digest.update(buffer, 0, n);
        }
        return total;
    }

    private static ValidationFailedException tooLarge(long max) {
        return ValidationFailedException.of("body", "recordings.size", "is larger than " + (max / (1024 * 1024)) + " MB, the largest recording accepted",
                max / (1024 * 1024));
    }

    /** A file written inside a transaction that then rolls back must not stay behind. */
    private void removeOnRollback(String key) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        try {
                            store.delete(key);
                        } catch (IOException | RuntimeException e) {
                            org.slf4j.LoggerFactory.getLogger(CallRecordings.class).warn("could not remove the recording file {} of a rolled-back upload: {}",
                                    key, e.toString());
                        }
                    }
                }
            });
        }
    }

    static String hash(String linkId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(linkId.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
