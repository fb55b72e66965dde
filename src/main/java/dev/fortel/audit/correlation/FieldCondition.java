package dev.fortel.audit.correlation;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.Locale;

/**
 * One {@code field|modifier: values} line of a selection: true when any value of the field matches any of the listed
 * values. Strings compare without regard to case, as Sigma specifies. A {@code null} value matches an absent field.
 */
record FieldCondition(RuleField field, Modifier modifier, List<Object> expected) {

    enum Modifier {
        EQUALS, CONTAINS, STARTSWITH, ENDSWITH, LT, LTE, GT, GTE, CIDR, EXISTS
    }

    boolean matches(ObservedEvent event) {
        List<String> actual = event.values(field);
        if (modifier == Modifier.EXISTS) {
            return (Boolean) expected.getFirst() != actual.isEmpty();
        }
        if (actual.isEmpty()) {
            return expected.contains(Absent.VALUE);
        }
        for (String a : actual) {
            // Only contains needs a lower-case copy; the others compare in place, ignoring case (no allocation per event).
            String lower = modifier == Modifier.CONTAINS ? a.toLowerCase(Locale.ROOT) : a;
            for (Object e : expected) {
                if (test(a, lower, e)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean test(String actual, String lower, Object expected) {
        return switch (modifier) {
            case EQUALS -> expected instanceof String s && actual.equalsIgnoreCase(s);
            case CONTAINS -> expected instanceof String s && lower.contains(s);
            case STARTSWITH -> expected instanceof String s && actual.regionMatches(true, 0, s, 0, s.length());
            case ENDSWITH -> expected instanceof String s && actual.length() >= s.length()
                    && actual.regionMatches(true, actual.length() - s.length(), s, 0, s.length());
            case LT, LTE, GT, GTE -> expected instanceof Double d && compare(actual, d);
            case CIDR -> expected instanceof IPAddress range && inRange(actual, range);
            case EXISTS -> false;
        };
    }

    private boolean compare(String actual, double bound) {
        double v;
        try {
            v = Double.parseDouble(actual);
        } catch (NumberFormatException e) {
            return false;
        }
        return switch (modifier) {
            case LT -> v < bound;
            case LTE -> v <= bound;
            case GT -> v > bound;
            case GTE -> v >= bound;
            default -> false;
        };
    }

    private static boolean inRange(String actual, IPAddress range) {
        IPAddress address = new IPAddressString(actual).getAddress();
        return address != null && address.getIPVersion() == range.getIPVersion() && range.contains(address);
    }

    /** The YAML {@code null}: the field is absent. */
    enum Absent {
        VALUE
    }
}
