package dev.fortel.platform;

import java.io.Serial;

/**
 * A sensitive action (revealing a secret, changing security settings, minting a token) needs a second
 * factor proven more recently than the company allows. The API answers 401 with the step-up problem; the
 * console sends the person to confirm with a code and back to the page.
 */
public class StepUpRequiredException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long maxAgeMinutes;

    public StepUpRequiredException(long maxAgeMinutes) {
        super("a second factor from the last " + maxAgeMinutes + " minutes is required");
        this.maxAgeMinutes = maxAgeMinutes;
    }

    /** How recent the second factor must be, in minutes (the company's step-up setting). */
    public long maxAgeMinutes() {
        return maxAgeMinutes;
    }
}
