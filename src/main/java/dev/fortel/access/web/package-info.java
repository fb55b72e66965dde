/**
 * The web adapter of the access module: the Spring MVC interceptor that enforces the function every Fortel endpoint
 * declares, and refuses endpoints that declare none, before any handler method runs.
 */
@NullMarked
package dev.fortel.access.web;

import org.jspecify.annotations.NullMarked;
