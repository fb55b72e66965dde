/**
 * Cross-cutting ground every module stands on: the data directory, TLS bootstrap, RFC 9457 problem
 * responses, the origin (IP, user agent) of the current request, and command-line mode. It depends on
 * no other Fortel module.
 */
@NullMarked
package dev.fortel.platform;

import org.jspecify.annotations.NullMarked;
