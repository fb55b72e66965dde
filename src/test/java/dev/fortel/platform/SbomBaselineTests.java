package dev.fortel.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every runtime component in the build's SBOM is recorded in sbom/components.txt, and nothing recorded is
 * gone: a dependency cannot be added, removed or upgraded without the change showing up in review.
 */
class SbomBaselineTests {

    @Test
    void buildSbomListsExactlyTheRecordedComponents() throws IOException {
        Set<String> built;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/sbom/application.cdx.json")) {
            assertThat(in).as("the build writes META-INF/sbom/application.cdx.json (cyclonedx-maven-plugin)").isNotNull();
            JsonNode bom = JsonMapper.builder().build().readTree(in);
            built = new TreeSet<>();
            bom.get("components").forEach(c -> built.add(c.get("purl").asString()));
        }
        Set<String> recorded = Files.readAllLines(Path.of("sbom/components.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));

        Set<String> added = new TreeSet<>(built);
        added.removeAll(recorded);
        Set<String> removed = new TreeSet<>(recorded);
        removed.removeAll(built);
        assertThat(added).as("components in the build but not in sbom/components.txt; if deliberate, run "
                + "scripts/security/update-sbom-baseline.sh and commit the list with the change").isEmpty();
        assertThat(removed).as("components in sbom/components.txt that the build no longer has; run "
                + "scripts/security/update-sbom-baseline.sh").isEmpty();
        assertThat(built).anyMatch(p -> p.startsWith("pkg:maven/org.springframework.boot/spring-boot@"));
    }
}
