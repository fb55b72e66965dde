package dev.fortel.telephony.recordings;

import dev.fortel.platform.FortelProperties;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecordingProperties.class)
class RecordingConfiguration {

    /** The recording folder: {@code fortel.telephony.recordings.directory}, or {@code recordings} in the data directory. */
    @Bean
    RecordingStore recordingStore(RecordingProperties properties, FortelProperties fortel) throws IOException {
        String dir = properties.directory();
        return new DirectoryRecordingStore(dir == null || dir.isBlank() ? fortel.dataDir().resolve("recordings") : Path.of(dir));
    }
}
