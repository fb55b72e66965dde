package dev.fortel.telephony;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reading a phone number as people and media servers write it ({@code +44 20 7183 8750}, {@code 8 916 123-45-67}),
 * with libphonenumber's metadata: the one place every telephony object parses numbers, so a number valid for the
 * calling policy is valid for VIP numbers and call history alike. Numbers are stored in E.164.
 */
final class PhoneNumbers {

    static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final int MAX_LENGTH = 40;

    private PhoneNumbers() {}

    /** The number, if it is a valid one, read as dialled within {@code home} (ISO 3166-1 alpha-2) unless international. */
    static Optional<Phonenumber.PhoneNumber> read(@Nullable String text, String home) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber n = UTIL.parse(t, home);
            return UTIL.isValidNumber(n) ? Optional.of(n) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    static String e164(Phonenumber.PhoneNumber n) {
        return UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
    }
}
