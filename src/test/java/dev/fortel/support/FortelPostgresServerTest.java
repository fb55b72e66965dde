package dev.fortel.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Like {@link FortelServerTest}, but the server runs on PostgreSQL with row-level security: this run's own
 * schema and application role (see {@link PostgresTestDatabase}). Every class using exactly this annotation
 * shares one Spring context and so one database; tests create their own tenants with unique names.
 *
 * <p>With {@code CI=true} these tests always run; elsewhere they are skipped, saying why, when PostgreSQL
 * cannot be reached.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("postgresql")
@ExtendWith(PostgresTestDatabase.Availability.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = PostgresTestDatabase.Initializer.class)
@ActiveProfiles("test")
public @interface FortelPostgresServerTest {}
