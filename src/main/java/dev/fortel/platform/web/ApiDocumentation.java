package dev.fortel.platform.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description served at /v3/api-docs and browsable at /swagger-ui.html. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    /**
     * Schemas with the names the API reads and writes. swagger-core resolves models with its own (Jackson 2) mapper,
     * which knows nothing of {@code spring.jackson.property-naming-strategy}; without this the description would say
     * {@code ownerEmail} where the API accepts only {@code owner_email}.
     */
    @Bean
    ModelResolver snakeCaseSchemas() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    OpenAPI fortelOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Fortel API").version("v1").description("""
                        Manage a company's employees, groups and security journal. Sign in with HTTP Basic at \
                        POST /api/v1/auth/token, then send `Authorization: Bearer <token>`. Field names are snake_case; \
                        errors are RFC 9457 problems (application/problem+json) whose `errors` list names each bad field."""))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A token from POST /api/v1/auth/token"))
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("Login and password; only for POST /api/v1/auth/token")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
