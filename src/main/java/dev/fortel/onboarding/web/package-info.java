/** The API and console pages for companies (provider operators) and for setup and activation links (anyone holding one). */
@NullMarked
package dev.fortel.onboarding.web;

import org.jspecify.annotations.NullMarked;
