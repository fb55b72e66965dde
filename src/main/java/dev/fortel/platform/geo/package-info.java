/**
 * The country of a client address, read from a MaxMind DB file (GeoLite2 Country, GeoIP2 Country or DB-IP Country
 * Lite: all share the {@code country.iso_code} layout) that the provider installs and refreshes, for instance with
 * {@code geoipupdate}, which replaces the file by renaming a new one over it. Fortel ships no address data of its
 * own: the data is licensed separately and goes stale within weeks, so it belongs to the installation, not to the
 * release. Reading the format is MaxMind's {@code maxmind-db} library.
 */
@NullMarked
@NamedInterface("geo")
package dev.fortel.platform.geo;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
