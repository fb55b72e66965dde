package dev.fortel.audit.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A detection's {@code condition}: selection names joined by {@code and}, {@code or}, {@code not} and parentheses, and
 * the quantifiers {@code 1 of sel*}, {@code all of sel*}, {@code 1 of them}, {@code all of them}.
 */
sealed interface Condition {

    boolean test(Predicate<String> selection);

    record Name(String name) implements Condition {
        public boolean test(Predicate<String> selection) {
            return selection.test(name);
        }
    }

    record Not(Condition inner) implements Condition {
        public boolean test(Predicate<String> selection) {
            return !inner.test(selection);
        }
    }

    record And(Condition left, Condition right) implements Condition {
        public boolean test(Predicate<String> selection) {
            return left.test(selection) && right.test(selection);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        public boolean test(Predicate<String> selection) {
            return left.test(selection) || right.test(selection);
        }
    }

    record Quantified(boolean all, List<String> names) implements Condition {
        public boolean test(Predicate<String> selection) {
            return all ? names.stream().allMatch(selection) : names.stream().anyMatch(selection);
        }
    }

    final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient RuleFileText text;

        SyntaxException(String code, String english, Object... args) {
            super(english);
            this.text = RuleFileText.of(code, english, args);
        }

        RuleFileText text() {
            return text;
        }
    }

    /** Parses {@code text} against the selections the detection defines; every name must be one of them. */
    static Condition parse(String text, Set<String> selections) throws SyntaxException {
        Parser p = new Parser(tokens(text), selections);
        Condition c = p.or();
        if (p.at < p.tokens.size()) {
            throw new SyntaxException("condition.unexpected", "unexpected '" + p.tokens.get(p.at) + "' in condition '" + text + "'", p.tokens.get(p.at), text);
        }
        return c;
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '(' || ch == ')' || Character.isWhitespace(ch)) {
                if (!word.isEmpty()) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                if (ch != ' ' && !Character.isWhitespace(ch)) {
                    out.add(String.valueOf(ch));
                }
            } else {
                word.append(ch);
            }
        }
        if (!word.isEmpty()) {
            out.add(word.toString());
        }
        return out;
    }

    final class Parser {
        private final List<String> tokens;
        private final Set<String> selections;
        private int at;

        private Parser(List<String> tokens, Set<String> selections) {
            this.tokens = tokens;
            this.selections = selections;
        }

        private Condition or() throws SyntaxException {
            Condition c = and();
            while (peek("or")) {
                at++;
                c = new Or(c, and());
            }
            return c;
        }

        private Condition and() throws SyntaxException {
            Condition c = unary();
            while (peek("and")) {
                at++;
                c = new And(c, unary());
            }
            return c;
        }

        private Condition unary() throws SyntaxException {
            if (at >= tokens.size()) {
                throw new SyntaxException("condition.ends", "the condition ends where a selection name was expected");
            }
            String t = tokens.get(at++);
            if (t.equals("not")) {
                return new Not(unary());
            }
            if (t.equals("(")) {
                Condition c = or();
                if (!peek(")")) {
                    throw new SyntaxException("condition.unclosed", "a '(' in the condition is not closed");
                }
                at++;
                return c;
            }
            if ((t.equals("1") || t.equals("all")) && peek("of")) {
                at++;
                if (at >= tokens.size()) {
                    throw new SyntaxException("condition.ofWhat", "'" + t + " of' needs 'them' or a selection pattern such as 'selection*'", t);
                }
                String pattern = tokens.get(at++);
                List<String> names = pattern.equals("them") ? List.copyOf(selections)
                        : selections.stream().filter(s -> pattern.endsWith("*") ? s.startsWith(pattern.substring(0, pattern.length() - 1))
                                : s.equals(pattern)).sorted().toList();
                if (names.isEmpty()) {
                    throw new SyntaxException("condition.noMatch", "no selection matches '" + pattern + "'", pattern);
                }
                return new Quantified(t.equals("all"), names);
            }
            if (!selections.contains(t)) {
                String known = String.join(", ", selections.stream().sorted().toList());
                throw new SyntaxException("condition.notSelection", "'" + t + "' is not a selection of this detection (it has: " + known + ")", t, known);
            }
            return new Name(t);
        }

        private boolean peek(String word) {
            return at < tokens.size() && tokens.get(at).equals(word);
        }
    }
}
