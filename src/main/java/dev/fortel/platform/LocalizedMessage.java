package dev.fortel.platform;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import org.springframework.context.MessageSourceResolvable;

/**
 * A message for people: a key in the message bundles (messages_ru.properties and friends), its English
 * text with the arguments already in it (the default, and what the command line and logs show), and the
 * arguments the translations place with {0}, {1}, …
 */
public record LocalizedMessage(String key, String english, List<Object> args) implements MessageSourceResolvable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public LocalizedMessage {
        args = List.copyOf(args);
    }

    @Override
    public String[] getCodes() {
        return new String[] {key};
    }

    @Override
    public Object[] getArguments() {
        return args.toArray();
    }

    @Override
    public String getDefaultMessage() {
        return english;
    }
}
