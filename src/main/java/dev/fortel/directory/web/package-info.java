/** The API and console pages for employees and groups. */
@NullMarked
package dev.fortel.directory.web;

import org.jspecify.annotations.NullMarked;
