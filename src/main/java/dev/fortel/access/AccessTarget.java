package dev.fortel.access;

import java.util.UUID;

/** An object a decision is about: an employee or a group of the caller's company (calls and recordings join later). */
public sealed interface AccessTarget {

    UUID id();

    record Employee(UUID id) implements AccessTarget {}

    record Group(UUID id) implements AccessTarget {}

    static AccessTarget employee(UUID id) {
        return new Employee(id);
    }

    static AccessTarget group(UUID id) {
        return new Group(id);
    }
}
