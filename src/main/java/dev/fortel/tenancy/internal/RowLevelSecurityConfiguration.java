package dev.fortel.tenancy.internal;

import dev.fortel.platform.FortelProperties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Wraps the application's data source in {@link TenantScopedDataSource} when it points at PostgreSQL.
 *
 * <p>Flyway never borrows from that pool: on PostgreSQL it migrates over its own connection as the login
 * user (or as {@code spring.flyway.user}, when a separate schema owner is configured), so migrations act
 * as the owner and are not subject to the policies they create. This matters before the first migration
 * too: Flyway opens a connection to resolve {@code {vendor}} in its locations, and a scoped connection
 * would fail there because the application role it switches to does not exist yet.
 */
@Configuration(proxyBeanMethods = false)
class RowLevelSecurityConfiguration {

    @Bean
    static BeanPostProcessor tenantScopedDataSourcePostProcessor(Environment env, ObjectProvider<FortelProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource ds && "dataSource".equals(beanName) && OnPostgreSql.matches(env)) {
                    return new TenantScopedDataSource(ds, properties.getObject().db().appRole());
                }
                return bean;
            }
        };
    }

    /** Flyway's own connection on PostgreSQL; Spring Boot then builds an unpooled data source from it. */
    @Bean
    @Conditional(OnPostgreSql.class)
    FlywayConnectionDetails migrationConnection(Environment env) {
        boolean ownUser = env.getProperty("spring.flyway.user") != null;
        String url = env.getProperty("spring.flyway.url", env.getProperty("spring.datasource.url", ""));
        String user = ownUser ? env.getProperty("spring.flyway.user") : env.getProperty("spring.datasource.username");
        String password = ownUser ? env.getProperty("spring.flyway.password") : env.getProperty("spring.datasource.password");
        return new FlywayConnectionDetails() {
            @Override
            public String getJdbcUrl() {
                return url;
            }

            @Override
            public @Nullable String getUsername() {
                return user;
            }

            @Override
            public @Nullable String getPassword() {
                return password;
            }
        };
    }

    static final class OnPostgreSql implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return matches(context.getEnvironment());
        }

        static boolean matches(Environment env) {
            return env.getProperty("spring.datasource.url", "").startsWith("jdbc:postgresql:");
        }
    }
}
