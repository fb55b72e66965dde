/**
 * The console's frame: language (Russian and English, by Accept-Language or the switch in the header),
 * the navigation a person's roles allow, the dashboard, and readable error pages. Each module's own pages
 * live in that module's {@code web} package.
 */
@NullMarked
package dev.fortel.console;

import org.jspecify.annotations.NullMarked;
