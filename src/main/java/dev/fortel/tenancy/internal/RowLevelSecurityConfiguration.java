package dev.fortel.tenancy.internal;

import dev.fortel.platform.FortelProperties;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wraps the application's data source in {@link TenantScopedDataSource} when it points at PostgreSQL.
 * Flyway migrates through the unwrapped pool (or its own connection when {@code spring.flyway.user} names
 * a separate schema owner), so migrations act as the owner and are not subject to the policies they create.
 */
@Configuration(proxyBeanMethods = false)
class RowLevelSecurityConfiguration {

    @Bean
    static BeanPostProcessor tenantScopedDataSourcePostProcessor(Environment env, ObjectProvider<FortelProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                String url = env.getProperty("spring.datasource.url", "");
                if (bean instanceof DataSource ds && "dataSource".equals(beanName) && url.startsWith("jdbc:postgresql:")) {
                    return new TenantScopedDataSource(ds, properties.getObject().db().appRole());
                }
                return bean;
            }
        };
    }

    @Bean
    FlywayConfigurationCustomizer migrateAsOwner() {
        return configuration -> {
            if (configuration.getDataSource() instanceof TenantScopedDataSource scoped && scoped.getTargetDataSource() != null) {
                configuration.dataSource(scoped.getTargetDataSource());
            }
        };
    }
}
