package dev.fortel.identity;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * How console sessions' attributes are stored: Java serialization, as Spring Session does by default, with one
 * difference. An attribute that cannot be read back (a session stored by an earlier version of the server, whose
 * signed-in person was serialized as classes that have changed since) reads as absent instead of failing the request:
 * its holder is simply not signed in and is sent to the sign-in page, where a new session starts. Without this, every
 * session open across an upgrade would answer a server error until its cookie expired.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SessionStoreConfiguration.class);

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> unreadableSessionAttributesReadAsAbsent() {
        return repository -> repository.setConversionService(conversionService());
    }

    private static GenericConversionService conversionService() {
        GenericConversionService service = new GenericConversionService();
        service.addConverter(Object.class, byte[].class, new SerializingConverter());
        service.addConverter(new TolerantDeserializer());
        return service;
    }

    /** byte[] to Object, or {@code null} (with one warning line, no stack trace) when the bytes name classes that changed. */
    private static final class TolerantDeserializer implements GenericConverter {

        // The application's own class loader, as Spring Session's default does: inside the executable jar the session's classes
        // are not visible to the system class loader.
        private final DeserializingConverter deserializer = new DeserializingConverter(SessionStoreConfiguration.class.getClassLoader());

        @Override
        public java.util.Set<ConvertiblePair> getConvertibleTypes() {
            return java.util.Set.of(new ConvertiblePair(byte[].class, Object.class));
        }

        @Override
        public @Nullable Object convert(@Nullable Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
            if (source == null) {
                return null;
            }
            try {
                return deserializer.convert((byte[]) source);
            } catch (SerializationFailedException unreadable) {
                log.warn("A stored console session attribute could not be read ({}); its holder signs in again",
                        unreadable.getMostSpecificCause().getClass().getSimpleName());
                return null;
            }
        }
    }
}
