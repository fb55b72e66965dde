/** Fortel's root package: one sub-package per module (see docs/architecture.md). */
@NullMarked
package dev.fortel;

import org.jspecify.annotations.NullMarked;
