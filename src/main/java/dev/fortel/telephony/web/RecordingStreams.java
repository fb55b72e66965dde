package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.platform.web.Problems;
import dev.fortel.telephony.recordings.CallRecordings;
import dev.fortel.telephony.recordings.RecordingLink;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plays and downloads recordings through their links, for the API (bearer token) and the console (session) alike: the
 * link must have been issued to the same token or session. Answers HTTP Range requests (RFC 9110 §14) with one range,
 * which is what audio players send to seek; the recording is decrypted from the segment holding the first byte asked.
 */
@RestController
class RecordingStreams {

    static final URI RANGE_NOT_SATISFIABLE = URI.create("/problems/range-not-satisfiable");

    private final CallRecordings recordings;
    private final AccessDecisions access;

    RecordingStreams(CallRecordings recordings, AccessDecisions access) {
        this.recordings = recordings;
        this.access = access;
    }

    /** A Range the recording cannot satisfy: it starts at or beyond the end. */
    static final class RangeNotSatisfiableException extends RuntimeException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        final long size;
        final String range;

        RangeNotSatisfiableException(long size, String range) {
            super("range not satisfiable");
            this.size = size;
            this.range = range;
        }
    }

    @RequiresFunction(Permission.RECORDINGS_LISTEN)
    @GetMapping({"/api/v1/recordings/play/{link}", "/calls/recordings/play/{link}"})
    void play(@PathVariable("link") String link, @RequestHeader(name = HttpHeaders.RANGE, required = false) @Nullable String range,
            HttpServletResponse response) throws IOException {
        stream(Permission.RECORDINGS_LISTEN, RecordingLink.Purpose.PLAY, link, range, response);
    }

    @RequiresFunction(Permission.RECORDINGS_DOWNLOAD)
    @GetMapping({"/api/v1/recordings/download/{link}", "/calls/recordings/download/{link}"})
    void download(@PathVariable("link") String link, @RequestHeader(name = HttpHeaders.RANGE, required = false) @Nullable String range,
            HttpServletResponse response) throws IOException {
        stream(Permission.RECORDINGS_DOWNLOAD, RecordingLink.Purpose.DOWNLOAD, link, range, response);
    }

    private void stream(Permission function, RecordingLink.Purpose purpose, String link, @Nullable String range, HttpServletResponse response)
            throws IOException {
        Subject s = access.require(function);
        try (CallRecordings.Opened opened = recordings.open(s, access.reachableEmployees(s, function), link, purpose)) {
            long size = opened.size();
            long start = 0;
            long end = size - 1;
            HttpRange asked = single(range);
            if (asked != null) {
                try {
                    start = asked.getRangeStart(size);
                    end = asked.getRangeEnd(size);
                } catch (IllegalArgumentException beyond) {
                    throw new RangeNotSatisfiableException(size, range);
                }
                if (start > end) {
                    throw new RangeNotSatisfiableException(size, range);
                }
                response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
            } else {
                response.setStatus(HttpStatus.OK.value());
            }
            long length = end - start + 1;
            response.setContentType(opened.type().mediaType());
            response.setContentLengthLong(length);
            response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, (purpose == RecordingLink.Purpose.DOWNLOAD ? ContentDisposition.attachment()
                    : ContentDisposition.inline()).filename(opened.fileName(), StandardCharsets.UTF_8).build().toString());
            opened.channel().position(start);
            ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
            OutputStream out = response.getOutputStream();
            long left = length;
            while (left > 0) {
                buffer.clear();
                if (left < buffer.capacity()) {
                    buffer.limit((int) left);
                }
                int n = opened.channel().read(buffer);
                if (n < 0) {
                    break;
                }
                out.write(buffer.array(), 0, n);
                left -= n;
            }
            out.flush();
        }
    }

    /**
     * The one range asked for; {@code null} to send the whole recording: no Range, a Range that does not parse or asks
     * for several ranges (RFC 9110 lets a server ignore Range and answer 200 with everything).
     */
    private static @Nullable HttpRange single(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            List<HttpRange> ranges = HttpRange.parseRanges(header);
            return ranges.size() == 1 ? ranges.get(0) : null;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    @ExceptionHandler(RangeNotSatisfiableException.class)
    ResponseEntity<ProblemDetail> beyondTheEnd(RangeNotSatisfiableException e) {
        ProblemDetail problem = Problems.of(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, RANGE_NOT_SATISFIABLE, "Range not satisfiable",
                "The range " + e.range + " starts beyond the end of the recording, which has " + e.size + " bytes; ask for bytes 0 to "
                        + (e.size - 1) + ", such as Range: bytes=0-" + (e.size - 1) + ".");
        problem.setProperty("size", e.size);
        return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE).header(HttpHeaders.CONTENT_RANGE, "bytes */" + e.size)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(problem);
    }
}
