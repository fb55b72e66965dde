/** The console's sign-in page. */
@NullMarked
package dev.fortel.identity.web;

import org.jspecify.annotations.NullMarked;
