/** The provider operator's SMTP settings and local outbox: API ({@code /api/v1/provider/...}) and console pages. */
@NullMarked
package dev.fortel.notification.web;

import org.jspecify.annotations.NullMarked;
