package dev.fortel.platform;

/**
 * An object the caller asked for does not exist <em>for them</em>: missing, or owned by another tenant.
 * Both answer the same 404 so that ids of other tenants cannot be probed.
 */
public class NotFoundException extends RuntimeException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private final String kind;

    public NotFoundException(String kind) {
        super(kind + " not found");
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
