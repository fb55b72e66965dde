/** Web plumbing shared by every module: RFC 9457 problem responses for the API and the console's error page. */
@NullMarked
package dev.fortel.platform.web;

import org.jspecify.annotations.NullMarked;
