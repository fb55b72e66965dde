package dev.fortel.access;

/**
 * The kind of object an endpoint's {@code {id}} path variable names, declared with {@link RequiresFunction#object()}: the
 * declared function is then checked against that object too (its scope must reach it), before the handler runs.
 */
public enum ObjectKind {
    /** The endpoint names no employee or group in its path. */
    NONE,
    EMPLOYEE,
    GROUP
}
