/** The REST API and console pages of {@code telephony}. */
@NullMarked
package dev.fortel.telephony.web;

import org.jspecify.annotations.NullMarked;
