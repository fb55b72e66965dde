package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.telephony.SpeechAnalytics;
import dev.fortel.telephony.VipNumbers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The speech-analytics list and the VIP numbers: both journaled on every change. */
@RestController
@Tag(name = "Calling policy")
class TelephonyListsApi {

    private final SpeechAnalytics speech;
    private final VipNumbers vips;
    private final Employees employees;
    private final AccessDecisions access;

    TelephonyListsApi(SpeechAnalytics speech, VipNumbers vips, Employees employees, AccessDecisions access) {
        this.speech = speech;
        this.vips = vips;
        this.employees = employees;
        this.access = access;
    }

    record MemberJson(UUID employeeId, String login, String displayName, Instant addedAt) {}

    record AddMember(@Nullable UUID employeeId) {}

    record VipJson(String number, @Nullable String note, Instant createdAt) {}

    record AddVip(@Nullable String number, @Nullable String note) {}

    @Operation(summary = "The employees whose calls go to speech analytics")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_VIEW)
    @GetMapping("/api/v1/telephony/speech-analytics")
    Map<String, List<MemberJson>> speechList() {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_VIEW);
        return Map.of("items", speech.members(s.tenantId()).stream()
                .flatMap(m -> employees.find(s.tenantId(), m.employeeId()).stream()
                        .map(e -> new MemberJson(e.id(), e.login(), e.displayName(), m.addedAt())))
                .toList());
    }

    @Operation(summary = "Put an employee on the speech-analytics list (journaled)")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @PostMapping("/api/v1/telephony/speech-analytics")
    ResponseEntity<MemberJson> addSpeech(@RequestBody AddMember body) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_MANAGE);
        Employee e = body.employeeId() == null ? null : employees.find(s.tenantId(), body.employeeId()).orElse(null);
        if (e == null) {
            throw ValidationFailedException.of("employee_id", "speech.employee", "must be the id of an employee of this company");
        }
        speech.add(s, e);
        Instant added = speech.members(s.tenantId()).stream().filter(m -> m.employeeId().equals(e.id())).map(SpeechAnalytics.Member::addedAt)
                .findFirst().orElseThrow();
        return ResponseEntity.created(URI.create("/api/v1/telephony/speech-analytics/" + e.id()))
                .body(new MemberJson(e.id(), e.login(), e.displayName(), added));
    }

    @Operation(summary = "Take an employee off the speech-analytics list (journaled)")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @DeleteMapping("/api/v1/telephony/speech-analytics/{employeeId}")
    ResponseEntity<Void> removeSpeech(@PathVariable UUID employeeId) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_MANAGE);
        speech.remove(s, employees.find(s.tenantId(), employeeId).orElseThrow(() -> new NotFoundException("employee")));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The company's VIP numbers (E.164)")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_VIEW)
    @GetMapping("/api/v1/telephony/vip-numbers")
    Map<String, List<VipJson>> vipList() {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_VIEW);
        return Map.of("items", vips.of(s.tenantId()).stream().map(v -> new VipJson(v.number(), v.note(), v.createdAt())).toList());
    }

    @Operation(summary = "Mark a number VIP (normalized to E.164; journaled)")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @PostMapping("/api/v1/telephony/vip-numbers")
    ResponseEntity<VipJson> addVip(@RequestBody AddVip body) {
        VipNumbers.Vip v = vips.add(access.require(Permission.TELEPHONY_POLICIES_MANAGE), body.number(), body.note());
        return ResponseEntity.created(URI.create("/api/v1/telephony/vip-numbers/" + v.number())).body(new VipJson(v.number(), v.note(), v.createdAt()));
    }

    @Operation(summary = "Remove a VIP number (journaled)")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @DeleteMapping("/api/v1/telephony/vip-numbers/{number}")
    ResponseEntity<Void> removeVip(@PathVariable String number) {
        vips.remove(access.require(Permission.TELEPHONY_POLICIES_MANAGE), number);
        return ResponseEntity.noContent().build();
    }
}
