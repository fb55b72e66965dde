package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.NotFoundException;
import dev.fortel.telephony.recordings.CallRecordings;
import dev.fortel.telephony.recordings.Recording;
import dev.fortel.telephony.recordings.RecordingDeliveries;
import dev.fortel.telephony.recordings.RecordingLink;
import dev.fortel.telephony.recordings.RecordingSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Call recordings through the API: the media layer uploads them (token with {@code calls.ingest}); people see a
 * recording's details and ask for a short-lived link to play or download it (each needing its own function within
 * its reach, and a recent second factor of whoever has one); administrators set retention and FTPS delivery.
 */
@RestController
@Tag(name = "Call recordings")
class RecordingsApi {

    private final CallRecordings recordings;
    private final RecordingSettings settings;
    private final RecordingDeliveries deliveries;
    private final AccessDecisions access;
    private final StepUp stepUp;

    RecordingsApi(CallRecordings recordings, RecordingSettings settings, RecordingDeliveries deliveries, AccessDecisions access, StepUp stepUp) {
        this.recordings = recordings;
        this.settings = settings;
        this.deliveries = deliveries;
        this.access = access;
        this.stepUp = stepUp;
    }

    @Operation(summary = "Upload a call's recording (body: the audio; Content-Type audio/wav, audio/mpeg or audio/ogg); checked to be that "
            + "type by its content, encrypted at rest; a call has one recording and it is never replaced")
    @RequiresFunction(Permission.CALLS_INGEST)
    @PutMapping(path = "/api/v1/calls/{callId}/recording", consumes = "*/*")
    ResponseEntity<Recording> upload(@PathVariable("callId") String callId, HttpServletRequest request) throws IOException {
        Subject s = access.require(Permission.CALLS_INGEST);
        Recording stored = recordings.store(s.tenantId(), callId, request.getContentType(), request.getInputStream());
        return ResponseEntity.status(HttpStatus.CREATED).body(stored);
    }

    @Operation(summary = "A call's recording: type, size, SHA-256 (to check a downloaded copy), when it was stored")
    @RequiresFunction(Permission.CALLS_HISTORY_VIEW)
    @GetMapping("/api/v1/calls/{callId}/recording")
    Recording describe(@PathVariable("callId") String callId) {
        Subject s = access.require(Permission.CALLS_HISTORY_VIEW);
        return recordings.describe(s, access.reachableEmployees(s, Permission.CALLS_HISTORY_VIEW), callId);
    }

    record LinkJson(String url, String purpose, Instant expiresAt) {}

    @Operation(summary = "A short-lived link to play the recording (HTTP Range), usable only with this same token; opening it is journaled")
    @RequiresFunction(Permission.RECORDINGS_LISTEN)
    @PostMapping("/api/v1/calls/{callId}/recording/play-links")
    ResponseEntity<LinkJson> playLink(@PathVariable("callId") String callId) {
        return link(callId, RecordingLink.Purpose.PLAY, Permission.RECORDINGS_LISTEN);
    }

    @Operation(summary = "A short-lived link to download the recording, usable only with this same token; opening it is journaled")
    @RequiresFunction(Permission.RECORDINGS_DOWNLOAD)
    @PostMapping("/api/v1/calls/{callId}/recording/download-links")
    ResponseEntity<LinkJson> downloadLink(@PathVariable("callId") String callId) {
        return link(callId, RecordingLink.Purpose.DOWNLOAD, Permission.RECORDINGS_DOWNLOAD);
    }

    private ResponseEntity<LinkJson> link(String callId, RecordingLink.Purpose p, Permission function) {
        Subject s = access.require(function);
        stepUp.require(s);
        RecordingLink link = recordings.link(s, access.reachableEmployees(s, function), callId, p);
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(new LinkJson("/api/v1/recordings/" + p.code() + "/" + link.id(), p.code(), link.expiresAt()));
    }

    @Operation(summary = "How long recordings are kept and the FTPS server they are delivered to (the password is never shown)")
    @RequiresFunction(Permission.RECORDINGS_MANAGE)
    @GetMapping("/api/v1/telephony/recording-settings")
    RecordingSettings.Settings getSettings() {
        return settings.of(access.require(Permission.RECORDINGS_MANAGE).tenantId());
    }

    @Operation(summary = "Set retention (days, or null to keep) and FTPS delivery; leave the password out to keep the stored one")
    @RequiresFunction(Permission.RECORDINGS_MANAGE)
    @PutMapping("/api/v1/telephony/recording-settings")
    RecordingSettings.Settings putSettings(@RequestBody SettingsJson body) {
        Subject s = access.require(Permission.RECORDINGS_MANAGE);
        stepUp.require(s);
        SettingsJson.Ftps f = body.ftps();
        if (f != null && f.enabled() == null) {
            // PUT replaces the settings: an ftps object without "enabled" would otherwise turn delivery off unasked.
            throw dev.fortel.platform.ValidationFailedException.of("ftps.enabled", "recordings.enabledRequired",
                    "is required with ftps: true to deliver recordings, false to stop");
        }
        return settings.change(s, new RecordingSettings.Change(body.retentionDays(), f != null && Boolean.TRUE.equals(f.enabled()),
                f == null ? null : f.host(), f == null ? null : f.port(), f == null ? null : f.username(), f == null ? null : f.password(),
                f == null ? null : f.directory(), f == null ? null : f.fileNameTemplate(), f == null ? null : f.pinnedSha256()));
    }

    record SettingsJson(@Nullable Integer retentionDays, @Nullable Ftps ftps) {

        record Ftps(@Nullable Boolean enabled, @Nullable String host, @Nullable Integer port, @Nullable String username, @Nullable String password,
                @Nullable String directory, @Nullable String fileNameTemplate, @Nullable String pinnedSha256) {

            @Override
            public String toString() {
                return "Ftps[" + host + ":" + port + ", password=******]";
            }
        }
    }

    record DeliveryList(List<RecordingDeliveries.Delivery> items) {}

    @Operation(summary = "The latest recording deliveries to the FTPS server: status, attempts, last error, remote path")
    @RequiresFunction(Permission.RECORDINGS_MANAGE)
    @GetMapping("/api/v1/telephony/recording-deliveries")
    DeliveryList deliveries() {
        return new DeliveryList(deliveries.latest(access.require(Permission.RECORDINGS_MANAGE).tenantId(), 100));
    }

    @Operation(summary = "Queue a failed delivery again (after the FTPS server was fixed)")
    @RequiresFunction(Permission.RECORDINGS_MANAGE)
    @PostMapping("/api/v1/telephony/recording-deliveries/{callId}/retry")
    ResponseEntity<Void> retry(@PathVariable("callId") String callId) {
        if (!deliveries.retry(access.require(Permission.RECORDINGS_MANAGE).tenantId(), callId)) {
            throw new NotFoundException("failed delivery");
        }
        return ResponseEntity.accepted().build();
    }
}
