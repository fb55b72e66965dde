package dev.fortel.telephony.recordings;

import java.time.Instant;

/**
 * A call's recording as the API shows it: what it is and how to check a copy, never where or how it is stored.
 *
 * @param sha256 of the audio as uploaded (hex), to check a downloaded or delivered copy against
 */
public record Recording(String callId, String mediaType, long sizeBytes, String sha256, Instant storedAt) {}
