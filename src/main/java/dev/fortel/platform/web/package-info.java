/**
 * Web plumbing for the REST API: {@link dev.fortel.platform.web.Problems}, the catalog of RFC 9457 problem
 * types every module answers with, and the controller advice that turns any REST controller's failure into
 * one of them. Platform exposes this package to other modules as its named interface {@code web}, so that a
 * controller outside platform may build a problem itself; the advice stays package-private.
 */
@NullMarked
@NamedInterface("web")
package dev.fortel.platform.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
