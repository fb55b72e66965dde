/** The API of support access: the client company's decisions, and the provider's agents' requests. */
@NullMarked
package dev.fortel.supportaccess.web;

import org.jspecify.annotations.NullMarked;
