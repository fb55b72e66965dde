package dev.fortel.platform;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Platform beans; scheduling is on for the background jobs (account expiry, lock ends, the mail outbox). */
@Configuration(proxyBeanMethods = false)
@org.springframework.scheduling.annotation.EnableScheduling
class PlatformConfiguration {

    /** One clock for every module, so tests can reason about time and all timestamps are UTC. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
