package dev.fortel.audit.correlation;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import org.springframework.context.MessageSourceResolvable;

/**
 * What is wrong with a rule file, for people: the key {@code rulefile.<code>} in messages_ru.properties with its
 * arguments, and the English text already written out (English has no keys of its own: the text is built where the
 * problem is found). Arguments may themselves be texts, which the message source words in the same language.
 */
record RuleFileText(String code, String english, List<Object> args) implements MessageSourceResolvable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    RuleFileText {
        args = List.copyOf(args);
    }

    static RuleFileText of(String code, String english, Object... args) {
        return new RuleFileText(code, english, List.of(args));
    }

    @Override
    public String[] getCodes() {
        return new String[] {"rulefile." + code};
    }

    @Override
    public Object[] getArguments() {
        return args.toArray();
    }

    /**
     * The English text, quoted for {@link java.text.MessageFormat} when there are arguments: the message source formats
     * a default message only then, and the English is final already, with its own quotes and braces ({@code 'late'},
     * {@code {gte: 5}}) that must come out as written.
     */
    @Override
    public String getDefaultMessage() {
        if (args.isEmpty()) {
            return english;
        }
        StringBuilder quoted = new StringBuilder(english.length() + 8);
        for (char c : english.toCharArray()) {
            switch (c) {
                case '\'' -> quoted.append("''");
                case '{', '}' -> quoted.append('\'').append(c).append('\'');
                default -> quoted.append(c);
            }
        }
        return quoted.toString();
    }
}
