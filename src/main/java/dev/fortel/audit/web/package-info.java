/** The journal's API and console page. */
@NullMarked
package dev.fortel.audit.web;

import org.jspecify.annotations.NullMarked;
