/**
 * Second factors: TOTP for authenticator apps (RFC 6238, computed by {@code com.eatthepath:java-otp};
 * secrets in Base32 by commons-codec), single-use recovery codes, the QR code an app scans (ZXing), and
 * their storage. The sign-in flow, the policy that decides who needs a factor, step-up and the web
 * adapters live in {@code dev.fortel.identity}, which drives this package; nothing here knows about HTTP.
 *
 * <p>Written by hand: only the acceptance window and replay rule around the library's code computation
 * (a code for the current step or one step either side, and never for a step already used), and the
 * QR matrix's rendering as SVG (ZXing's own image writer needs AWT, which a server has no use for).
 */
@NullMarked
package dev.fortel.identity.factors;

import org.jspecify.annotations.NullMarked;
