package dev.fortel.identity;

import dev.fortel.platform.FortelProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    /**
     * Argon2id (RFC 9106) with a 16-byte salt and 32-byte tag, cost from {@code fortel.argon2.*}.
     * {@code upgradeEncoding} compares a stored hash's parameters with these, so raising the cost rehashes
     * each password at its owner's next sign-in.
     */
    @Bean
    PasswordEncoder passwordEncoder(FortelProperties properties) {
        FortelProperties.Argon2 a = properties.argon2();
        return new Argon2PasswordEncoder(16, 32, a.parallelism(), a.memoryKib(), a.iterations());
    }
}
