package dev.fortel.audit.syslog;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyslogProperties.class)
class SyslogConfiguration {

    /** Messages name this node by {@code fortel.journal.syslog.hostname}, else by the machine's own name. */
    @Bean
    SyslogMessages syslogMessages(SyslogProperties properties) {
        String host = properties.hostname();
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "-";
            }
        }
        return new SyslogMessages(host, properties.sdId());
    }
}
