package dev.fortel.identity;

import dev.fortel.identity.SignInPolicy.CharClass;
import dev.fortel.identity.SignInPolicy.LockMode;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each company's {@link SignInPolicy}; a company without a row of its own gets the provider's defaults. */
@Repository
class SignInPolicies {

    private final JdbcClient jdbc;
    private final GuessingProperties guessing;
    private final Clock clock;

    SignInPolicies(JdbcClient jdbc, GuessingProperties guessing, Clock clock) {
        this.jdbc = jdbc;
        this.guessing = guessing;
        this.clock = clock;
    }

    SignInPolicy defaults() {
        return SignInPolicy.defaults(guessing);
    }

    /** The company's settings. One primary-key read: cheap enough for every sign-in, and never stale across nodes. */
    SignInPolicy of(TenantId tenant) {
        // Asked at sign-in and on links too, before any tenant is current: the read names its tenant itself.
        return TenantContext.as(tenant, () -> jdbc.sql("SELECT * FROM sign_in_policies WHERE tenant_id = :t").param("t", tenant.value())
                .query((rs, n) -> new SignInPolicy(
                        new SignInPolicy.Password(rs.getInt("password_min_length"), rs.getInt("password_max_length"),
                                SignInPolicy.classes(rs.getString("password_classes")), rs.getInt("password_history"),
                                seconds(rs.getLong("password_min_age_s")), seconds(rs.getLong("password_max_age_s"))),
                        new SignInPolicy.Lockout(rs.getInt("lockout_max_failures"), seconds(rs.getLong("lockout_window_s")),
                                seconds(rs.getLong("lockout_lock_s")), seconds(rs.getLong("lockout_lock_max_s")),
                                LockMode.valueOf(rs.getString("lockout_mode"))),
                        new SignInPolicy.Sessions(seconds(rs.getLong("session_idle_s")), seconds(rs.getLong("session_absolute_s")),
                                rs.getInt("session_max_concurrent")),
                        new SignInPolicy.TokenLimits(seconds(rs.getLong("api_token_max_lifetime_s"))),
                        new SignInPolicy.TwoFactor(SignInPolicy.TwoFactorMode.valueOf(rs.getString("mfa_mode")),
                                SignInPolicy.methods(rs.getString("mfa_methods")), seconds(rs.getLong("mfa_step_up_s")),
                                rs.getBoolean("mfa_passkey_sign_in"))))
                .optional().orElseGet(this::defaults));
    }

    /** Stores settings that have passed {@link SignInPolicy#violations()}; runs in the caller's transaction. */
    void save(TenantId tenant, SignInPolicy p) {
        jdbc.sql("DELETE FROM sign_in_policies WHERE tenant_id = :t").param("t", tenant.value()).update();
        jdbc.sql("""
                INSERT INTO sign_in_policies (tenant_id, password_min_length, password_max_length, password_classes, password_history,
                    password_min_age_s, password_max_age_s, lockout_max_failures, lockout_window_s, lockout_lock_s, lockout_lock_max_s,
                    lockout_mode, session_idle_s, session_absolute_s, session_max_concurrent, api_token_max_lifetime_s, mfa_mode, mfa_methods,
                    mfa_step_up_s, mfa_passkey_sign_in, updated_at)
                VALUES (:t, :minLen, :maxLen, :classes, :history, :minAge, :maxAge, :fails, :window, :lock, :lockMax, :mode, :idle,
                    :absolute, :concurrent, :tokenLife, :mfaMode, :mfaMethods, :stepUp, :passkeySignIn, :now)""")
                .param("t", tenant.value())
                .param("minLen", p.password().minLength()).param("maxLen", p.password().maxLength())
                .param("classes", String.join(",", new TreeSet<>(p.password().requiredClasses().stream().map(CharClass::code).toList())))
                .param("history", p.password().history())
                .param("minAge", p.password().minAge().toSeconds()).param("maxAge", p.password().maxAge().toSeconds())
                .param("fails", p.lockout().maxFailures()).param("window", p.lockout().window().toSeconds())
                .param("lock", p.lockout().lock().toSeconds()).param("lockMax", p.lockout().lockMax().toSeconds())
                .param("mode", p.lockout().mode().name().toUpperCase(Locale.ROOT))
                .param("idle", p.sessions().idleTimeout().toSeconds()).param("absolute", p.sessions().absoluteLifetime().toSeconds())
                .param("concurrent", p.sessions().maxConcurrent()).param("tokenLife", p.apiTokens().maxLifetime().toSeconds())
                .param("mfaMode", p.twoFactor().required().name()).param("mfaMethods", SignInPolicy.methodCodes(p.twoFactor().methods()))
                .param("stepUp", p.twoFactor().stepUp().toSeconds()).param("passkeySignIn", p.twoFactor().passkeySignIn())
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
    }

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
