package dev.fortel.audit.correlation;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a rule file: YAML documents separated by {@code ---}, each a Sigma detection or correlation rule. Everything
 * outside the supported subset is refused with the document, the field and what to write instead, so that a rule never
 * silently means less than its author thinks.
 */
final class RuleParser {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern TIMESPAN = Pattern.compile("(\\d{1,6})([smhd])");
    private static final Duration LONGEST = Duration.ofDays(400);
    private static final int MAX_DOCUMENTS = 50;
    private static final int MAX_THRESHOLD = 10_000;

    private static final Set<String> RULE_FIELDS = Set.of("title", "id", "name", "status", "description", "author", "date", "modified",
            "references", "tags", "level", "logsource", "detection", "correlation", "falsepositives", "fields", "related", "license",
            "taxonomy", "timezone", "generate");
    private static final Set<String> CORRELATION_FIELDS = Set.of("type", "rules", "group-by", "timespan", "condition", "generate");

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /**
     * A rule file that cannot be used, with one message that says where and what to change: in English as the
     * exception's message, and as {@link #text()} for the reader's language.
     */
    static final class InvalidRuleFileException extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient RuleFileText text;

        InvalidRuleFileException(RuleLocation at, String code, String english, Object... args) {
            this(at, RuleFileText.of(code, english, args));
        }

        InvalidRuleFileException(RuleLocation at, RuleFileText problem) {
            super(at.english().isEmpty() ? problem.english() : at.english() + ": " + problem.english());
            this.text = at.english().isEmpty() ? problem : RuleFileText.of("located", getMessage(), at.text(), problem);
        }

        RuleFileText text() {
            return text;
        }
    }

    private RuleParser() {}

    static RuleFile parse(String fileName, String text) throws InvalidRuleFileException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    documents.add(doc);
                }
                if (documents.size() > MAX_DOCUMENTS) {
                    throw new InvalidRuleFileException(RuleLocation.FILE, "tooManyRules", "a rule file holds at most " + MAX_DOCUMENTS + " rules",
                            Integer.toString(MAX_DOCUMENTS));
                }
            }
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String reason = String.valueOf(e.getOriginalMessage());
            if (at == null) {
                throw new InvalidRuleFileException(RuleLocation.FILE, "yaml", "is not valid YAML: " + reason, reason);
            }
            String line = Integer.toString(at.getLineNr());
            String column = Integer.toString(at.getColumnNr());
            throw new InvalidRuleFileException(RuleLocation.FILE, "yamlAt", "is not valid YAML at line " + line + ", column " + column + ": " + reason,
                    line, column, reason);
        }
        if (documents.isEmpty()) {
            throw new InvalidRuleFileException(RuleLocation.FILE, "empty",
                    "holds no rule: write at least one document with title, name and detection or correlation");
        }
        Map<String, Rule> defined = new LinkedHashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            Rule rule = rule(documents.get(i), i + 1, defined);
            defined.put(rule.name(), rule);
        }
        return new RuleFile(fileName, List.copyOf(defined.values()));
    }

    private static Rule rule(JsonNode doc, int number, Map<String, Rule> defined) throws InvalidRuleFileException {
        RuleLocation where = RuleLocation.rule(number);
        if (!doc.isObject()) {
            throw new InvalidRuleFileException(where, "notMapping", "must be a mapping of fields such as title, name and detection");
        }
        String name = text(doc, "name", where);
        if (name == null) {
            throw new InvalidRuleFileException(where, "nameMissing",
                    "needs a name (lower-case letters, digits, '_', '-' or '.'), by which other rules refer to it");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidRuleFileException(where, "nameInvalid", "name '" + name + "' must be 1 to 64 lower-case letters, digits, '_', '-' or '.'",
                    name);
        }
        where = where.named(name);
        if (defined.containsKey(name)) {
            throw new InvalidRuleFileException(where, "nameTaken", "another rule of this file already has this name");
        }
        for (String field : doc.propertyNames()) {
            if (!RULE_FIELDS.contains(field)) {
                throw new InvalidRuleFileException(where, "unknownField", "unknown field '" + field + "' (a rule has title, name, description, level, "
                        + "timezone, detection or correlation, and Sigma's descriptive fields such as id, status, tags, author)", field);
            }
        }
        String title = text(doc, "title", where);
        if (title == null || title.isBlank()) {
            throw new InvalidRuleFileException(where, "titleMissing", "needs a title, which alerts carry");
        }
        if (title.length() > 200) {
            throw new InvalidRuleFileException(where, "titleTooLong", "the title is longer than 200 characters");
        }
        Rule.Level level = level(doc, where);
        ZoneId zone = zone(doc, where);
        boolean hasDetection = doc.has("detection");
        boolean hasCorrelation = doc.has("correlation");
        if (hasDetection == hasCorrelation) {
            throw new InvalidRuleFileException(where, "detectionOrCorrelation",
                    "needs exactly one of detection (which events count) or correlation (over earlier rules)");
        }
        boolean generate = doc.has("generate") && bool(doc.get("generate"), where.then("generate"));
        if (hasDetection) {
            return new Rule(name, title.strip(), level, detection(name, doc.get("detection"), zone, where.then("detection")), null, generate);
        }
        JsonNode c = doc.get("correlation");
        if (c.has("generate")) {
            generate = generate || bool(c.get("generate"), where.then("correlation.generate"));
        }
        return new Rule(name, title.strip(), level, null, correlation(c, zone, where, defined), generate);
    }

    /** {@code where} is the detection itself ({@code rule 1 (x): detection}). */
    private static Detection detection(String name, JsonNode d, ZoneId zone, RuleLocation where) throws InvalidRuleFileException {
        if (!d.isObject()) {
            throw new InvalidRuleFileException(where, "detectionNotMapping", "must be a mapping of selections and a condition");
        }
        Map<String, List<List<FieldCondition>>> selections = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> s : d.properties()) {
            if (s.getKey().equals("condition")) {
                continue;
            }
            if (s.getKey().equals("timeframe")) {
                throw new InvalidRuleFileException(where.then("timeframe"), "timeframe", "is not supported: write a correlation with a timespan instead");
            }
            if (!NAME.matcher(s.getKey()).matches()) {
                throw new InvalidRuleFileException(where, "selectionName",
                        "selection name '" + s.getKey() + "' must be lower-case letters, digits, '_', '-' or '.'", s.getKey());
            }
            selections.put(s.getKey(), selection(s.getValue(), zone, where.then(s.getKey())));
        }
        if (selections.isEmpty()) {
            throw new InvalidRuleFileException(where, "noSelection", "has no selection, such as 'selection: {type: auth.login.failed}'");
        }
        JsonNode condition = d.get("condition");
        if (condition == null || !condition.isString() || condition.asString().isBlank()) {
            throw new InvalidRuleFileException(where.then("condition"), "conditionMissing", "must name its selections, such as 'selection and not filter'");
        }
        try {
            return new Detection(name, selections, Condition.parse(condition.asString(), selections.keySet()));
        } catch (Condition.SyntaxException e) {
            throw new InvalidRuleFileException(where.then("condition"), e.text());
        }
    }

    private static List<List<FieldCondition>> selection(JsonNode s, ZoneId zone, RuleLocation where) throws InvalidRuleFileException {
        List<List<FieldCondition>> alternatives = new ArrayList<>();
        if (s.isObject()) {
            alternatives.add(conditions(s, zone, where));
        } else if (s.isArray() && !s.isEmpty() && allObjects(s)) {
            for (int i = 0; i < s.size(); i++) {
                alternatives.add(conditions(s.get(i), zone, where.then("[" + i + "]")));
            }
        } else {
            throw new InvalidRuleFileException(where, "selectionNotMapping",
                    "must map fields to values, such as 'type: auth.login.failed' (keyword lists are not supported)");
        }
        return alternatives;
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static List<FieldCondition> conditions(JsonNode map, ZoneId zone, RuleLocation where) throws InvalidRuleFileException {
        List<FieldCondition> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : map.properties()) {
            String[] parts = f.getKey().split("\\|", -1);
            RuleLocation at = where.then(f.getKey());
            if (parts.length > 2) {
                throw new InvalidRuleFileException(at, "oneModifier",
                        "one modifier per field is supported (contains, startswith, endswith, lt, lte, gt, gte, cidr, exists)");
            }
            RuleField field = RuleField.parse(parts[0], zone).orElseThrow(() -> unknownField(at, parts[0]));
            FieldCondition.Modifier modifier = parts.length == 1 ? FieldCondition.Modifier.EQUALS : modifier(parts[1], at);
            List<JsonNode> values = new ArrayList<>();
            if (f.getValue().isArray()) {
                f.getValue().forEach(values::add);
            } else {
                values.add(f.getValue());
            }
            if (values.isEmpty()) {
                throw new InvalidRuleFileException(at, "noValues", "the list of values is empty");
            }
            List<Object> expected = new ArrayList<>();
            for (JsonNode v : values) {
                expected.add(expected(v, modifier, at));
            }
            out.add(new FieldCondition(field, modifier, List.copyOf(expected)));
        }
        if (out.isEmpty()) {
            throw new InvalidRuleFileException(where, "noField", "has no field");
        }
        return out;
    }

    private static InvalidRuleFileException unknownField(RuleLocation at, String field) {
        return new InvalidRuleFileException(at, "unknownRuleField", "unknown field '" + field + "' (fields: " + RuleField.KNOWN + ")", field,
                RuleField.KNOWN);
    }

    private static FieldCondition.Modifier modifier(String m, RuleLocation at) throws InvalidRuleFileException {
        try {
            FieldCondition.Modifier modifier = FieldCondition.Modifier.valueOf(m.toUpperCase(Locale.ROOT));
            if (modifier != FieldCondition.Modifier.EQUALS) {
                return modifier;
            }
        } catch (IllegalArgumentException e) {
            // Named below with the ones that exist.
        }
        if (m.equals("re")) {
            throw new InvalidRuleFileException(at, "regex", "unknown modifier 're' (regular expressions are refused: one rule could stall the "
                    + "analysis of every event); use contains, startswith, endswith, lt, lte, gt, gte, cidr or exists");
        }
        throw new InvalidRuleFileException(at, "modifier", "unknown modifier '" + m + "'; use contains, startswith, endswith, lt, lte, gt, gte, cidr or exists",
                m);
    }

    private static Object expected(JsonNode v, FieldCondition.Modifier modifier, RuleLocation at) throws InvalidRuleFileException {
        switch (modifier) {
            case EXISTS -> {
                if (!v.isBoolean()) {
                    throw new InvalidRuleFileException(at, "exists", "exists takes true or false");
                }
                return v.asBoolean();
            }
            case LT, LTE, GT, GTE -> {
                if (!v.isNumber()) {
                    throw new InvalidRuleFileException(at, "notNumber", "'" + v.asString() + "' is not a number", v.asString());
                }
                return v.asDouble();
            }
            case CIDR -> {
                IPAddress range = v.isString() ? new IPAddressString(v.asString().strip()).getAddress() : null;
                if (range == null) {
                    throw new InvalidRuleFileException(at, "notRange", "'" + v.asString() + "' is not an address range such as 10.0.0.0/8 or 2001:db8::/32",
                            v.asString());
                }
                return range.toPrefixBlock();
            }
            default -> {
                if (v.isNull()) {
                    if (modifier != FieldCondition.Modifier.EQUALS) {
                        throw new InvalidRuleFileException(at, "nullModifier", "null (an absent field) can only be compared with plain equality");
                    }
                    return FieldCondition.Absent.VALUE;
                }
                if (!v.isValueNode()) {
                    throw new InvalidRuleFileException(at, "valueKind", "values must be text, numbers or true/false");
                }
                return v.asString().toLowerCase(Locale.ROOT);
            }
        }
    }

    private static Rule.Correlation correlation(JsonNode c, ZoneId zone, RuleLocation rule, Map<String, Rule> defined) throws InvalidRuleFileException {
        RuleLocation where = rule.then("correlation");
        if (!c.isObject()) {
            throw new InvalidRuleFileException(where, "correlationNotMapping", "must be a mapping with type, rules, group-by, timespan and condition");
        }
        for (String field : c.propertyNames()) {
            if (field.equals("aliases")) {
                throw new InvalidRuleFileException(where.then("aliases"), "aliases", "is not supported: the rules of one file share the journal's field names");
            }
            if (!CORRELATION_FIELDS.contains(field)) {
                throw new InvalidRuleFileException(rule, "unknownCorrelationField",
                        "unknown field 'correlation." + field + "' (a correlation has type, rules, group-by, timespan, condition, generate)", field);
            }
        }
        String typeCode = text(c, "type", where);
        Rule.Type type = null;
        for (Rule.Type t : Rule.Type.values()) {
            if (t.code.equals(typeCode)) {
                type = t;
            }
        }
        if (type == null) {
            String types = "event_count, value_count, temporal, temporal_ordered or first_seen";
            if (typeCode == null) {
                throw new InvalidRuleFileException(where.then("type"), "typeMissing", "is missing; use " + types);
            }
            throw new InvalidRuleFileException(where.then("type"), "typeUnknown", "'" + typeCode + "' is unknown; use " + types, typeCode);
        }
        List<String> rules = new ArrayList<>();
        JsonNode r = c.get("rules");
        if (r != null && r.isString()) {
            rules.add(r.asString());
        } else if (r != null && r.isArray()) {
            for (JsonNode n : r) {
                rules.add(n.asString());
            }
        }
        if (rules.isEmpty()) {
            throw new InvalidRuleFileException(where.then("rules"), "rulesMissing", "must name the earlier rules of this file it counts");
        }
        for (String ref : rules) {
            if (!defined.containsKey(ref)) {
                throw new InvalidRuleFileException(where.then("rules"), "ruleUndefined", "names '" + ref + "', which is not a rule defined before it in this file",
                        ref);
            }
        }
        if ((type == Rule.Type.TEMPORAL || type == Rule.Type.TEMPORAL_ORDERED) && rules.size() < 2) {
            throw new InvalidRuleFileException(where, "twoRules", "a " + type.code + " correlation needs at least two rules", type.code);
        }
        List<RuleField> groupBy = new ArrayList<>();
        JsonNode g = c.get("group-by");
        if (g != null) {
            List<JsonNode> names = new ArrayList<>();
            if (g.isArray()) {
                g.forEach(names::add);
            } else {
                names.add(g);
            }
            for (JsonNode n : names) {
                String fieldName = n.asString();
                groupBy.add(RuleField.parse(fieldName, zone).orElseThrow(() -> unknownField(where.then("group-by"), fieldName)));
            }
        }
        Duration timespan = timespan(text(c, "timespan", where), where.then("timespan"));
        JsonNode condition = c.get("condition");
        int threshold;
        RuleField field = null;
        switch (type) {
            case EVENT_COUNT, VALUE_COUNT -> {
                threshold = threshold(condition, where.then("condition"));
                if (type == Rule.Type.VALUE_COUNT) {
                    field = conditionField(condition, zone, where.then("condition.field"));
                }
            }
            case TEMPORAL -> threshold = condition == null ? rules.size() : Math.min(threshold(condition, where.then("condition")), rules.size());
            case TEMPORAL_ORDERED -> {
                if (condition != null) {
                    throw new InvalidRuleFileException(where, "orderedCondition", "a temporal_ordered correlation takes no condition: all its rules must match in order");
                }
                threshold = rules.size();
            }
            case FIRST_SEEN -> {
                threshold = 1;
                field = conditionField(condition, zone, where.then("condition.field"));
            }
            default -> throw new IllegalStateException();
        }
        return new Rule.Correlation(type, List.copyOf(rules), List.copyOf(groupBy), timespan, threshold, field);
    }

    private static int threshold(@Nullable JsonNode condition, RuleLocation where) throws InvalidRuleFileException {
        if (condition == null || !condition.isObject()) {
            throw new InvalidRuleFileException(where, "howMany", "must say how many, such as 'condition: {gte: 5}'");
        }
        Map<String, JsonNode> ops = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : condition.properties()) {
            if (!e.getKey().equals("field")) {
                ops.put(e.getKey(), e.getValue());
            }
        }
        for (String op : ops.keySet()) {
            if (Set.of("lt", "lte", "eq", "neq").contains(op)) {
                throw new InvalidRuleFileException(where, "atMost", "'" + op + "' is not supported: alerts are raised as events arrive, "
                        + "so a condition asks for at least (gte) or more than (gt) a number", op);
            }
            if (!Set.of("gt", "gte").contains(op)) {
                throw new InvalidRuleFileException(where, "operator", "unknown operator '" + op + "'; use gte or gt", op);
            }
        }
        if (ops.size() != 1) {
            throw new InvalidRuleFileException(where, "oneOperator", "needs exactly one of gte or gt");
        }
        Map.Entry<String, JsonNode> op = ops.entrySet().iterator().next();
        if (!op.getValue().canConvertToInt() || !op.getValue().isIntegralNumber()) {
            throw new InvalidRuleFileException(where.then(op.getKey()), "wholeNumber", "must be a whole number");
        }
        int n = op.getValue().asInt() + (op.getKey().equals("gt") ? 1 : 0);
        if (n < 1 || n > MAX_THRESHOLD) {
            throw new InvalidRuleFileException(where.then(op.getKey()), "thresholdRange", "must ask for 1 to " + MAX_THRESHOLD, Integer.toString(MAX_THRESHOLD));
        }
        return n;
    }

    private static RuleField conditionField(@Nullable JsonNode condition, ZoneId zone, RuleLocation where) throws InvalidRuleFileException {
        JsonNode f = condition == null ? null : condition.get("field");
        if (f == null || !f.isString()) {
            throw new InvalidRuleFileException(where, "fieldMissing", "must name the field whose values are counted, such as actor.ip");
        }
        return RuleField.parse(f.asString(), zone).orElseThrow(() -> unknownField(where, f.asString()));
    }

    private static Duration timespan(@Nullable String text, RuleLocation where) throws InvalidRuleFileException {
        Matcher m = text == null ? null : TIMESPAN.matcher(text.strip());
        if (m == null || !m.matches()) {
            String how = "; write a number and s, m, h or d, such as 10m";
            if (text == null) {
                throw new InvalidRuleFileException(where, "timespanMissing", "is missing" + how);
            }
            throw new InvalidRuleFileException(where, "timespanInvalid", "'" + text + "' is not a timespan" + how, text);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero() || d.compareTo(LONGEST) > 0) {
            throw new InvalidRuleFileException(where, "timespanRange", "must be between 1s and 400d");
        }
        return d;
    }

    private static Rule.Level level(JsonNode doc, RuleLocation where) throws InvalidRuleFileException {
        String level = text(doc, "level", where);
        if (level == null) {
            return Rule.Level.MEDIUM;
        }
        try {
            return Rule.Level.valueOf(level.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRuleFileException(where.then("level"), "level", "'" + level + "' is unknown; use informational, low, medium, high or critical",
                    level);
        }
    }

    private static ZoneId zone(JsonNode doc, RuleLocation where) throws InvalidRuleFileException {
        String zone = text(doc, "timezone", where);
        if (zone == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidRuleFileException(where.then("timezone"), "timezone", "'" + zone + "' is not a time zone such as Europe/Moscow or UTC", zone);
        }
    }

    /** A plain value of {@code field} in {@code doc} (which sits at {@code where}), or null when absent. */
    private static @Nullable String text(JsonNode doc, String field, RuleLocation where) throws InvalidRuleFileException {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new InvalidRuleFileException(where.then(field), "notText", "must be text");
        }
        return v.asString();
    }

    private static boolean bool(JsonNode v, RuleLocation where) throws InvalidRuleFileException {
        if (!v.isBoolean()) {
            throw new InvalidRuleFileException(where, "notBoolean", "must be true or false");
        }
        return v.asBoolean();
    }
}
