package dev.fortel.audit.correlation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The rules Fortel ships, as YAML under {@code correlation/company} (every company's, which it may turn off or rewrite)
 * and {@code correlation/provider} (the provider's, over every company). Read once; a file that does not parse stops
 * the start, since it would be a rule nobody runs.
 */
final class BuiltInRules {

    private static final Map<String, String> COMPANY_TEXT = load("company");
    private static final Map<String, String> PROVIDER_TEXT = load("provider");
    private static final List<RuleFile> COMPANY = parse(COMPANY_TEXT);
    private static final List<RuleFile> PROVIDER = parse(PROVIDER_TEXT);

    private BuiltInRules() {}

    static List<RuleFile> company() {
        return COMPANY;
    }

    static List<RuleFile> provider() {
        return PROVIDER;
    }

    /** The YAML of each built-in, by file name: what a company starts from when it rewrites one. */
    static Map<String, String> companyText() {
        return COMPANY_TEXT;
    }

    static Map<String, String> providerText() {
        return PROVIDER_TEXT;
    }

    private static Map<String, String> load(String folder) {
        try {
            Resource[] found = new PathMatchingResourcePatternResolver().getResources("classpath:correlation/" + folder + "/*.yml");
            List<Resource> sorted = new ArrayList<>(List.of(found));
            sorted.sort(Comparator.comparing(r -> String.valueOf(r.getFilename())));
            Map<String, String> out = new LinkedHashMap<>();
            for (Resource r : sorted) {
                String file = String.valueOf(r.getFilename());
                out.put(file.substring(0, file.length() - ".yml".length()), r.getContentAsString(StandardCharsets.UTF_8));
            }
            return java.util.Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RuleFile> parse(Map<String, String> texts) {
        List<RuleFile> out = new ArrayList<>();
        texts.forEach((name, text) -> {
            try {
                out.add(RuleParser.parse(name, text));
            } catch (RuleParser.InvalidRuleFileException e) {
                throw new IllegalStateException("built-in rule file " + name + ".yml " + e.getMessage(), e);
            }
        });
        return List.copyOf(out);
    }
}
