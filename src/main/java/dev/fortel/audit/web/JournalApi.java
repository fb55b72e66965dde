package dev.fortel.audit.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.audit.JournalEntries;
import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.JournalQuery;
import dev.fortel.audit.JournalVerifications;
import dev.fortel.audit.JournalVerifier;
import dev.fortel.platform.Cursor;
import dev.fortel.platform.web.ViolationMessages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The caller's tenant's security journal. */
@RestController
@Tag(name = "Journal")
class JournalApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JournalEntries entries;
    private final dev.fortel.audit.JournalVisibility visibility;
    private final JournalVerifications verifications;
    private final AccessDecisions access;
    private final ViolationMessages messages;
    private final dev.fortel.audit.JournalExports exports;
    private final dev.fortel.identity.StepUp stepUp;

    JournalApi(JournalEntries entries, JournalVerifications verifications, AccessDecisions access, ViolationMessages messages,
            dev.fortel.audit.JournalVisibility visibility, dev.fortel.audit.JournalExports exports, dev.fortel.identity.StepUp stepUp) {
        this.exports = exports;
        this.stepUp = stepUp;
        this.visibility = visibility;
        this.messages = messages;
        this.entries = entries;
        this.verifications = verifications;
        this.access = access;
    }

    record ActorView(@Nullable UUID id, @Nullable String name, @Nullable String ip, @Nullable String userAgent, @Nullable String session) {}

    record TargetView(@Nullable String kind, @Nullable String id, @Nullable String name) {}

    record Item(UUID id, long seq, Instant time, String type, String outcome, ActorView actor, TargetView target, JsonNode details,
            String hash) {}

    record Page(List<Item> items, @Nullable String nextCursor) {}

    record Verification(long events, boolean intact, @Nullable Long brokenSeq, @Nullable String problem) {}

    @Operation(summary = "Journal events, newest first; filter by type (or prefix like auth.*), time range and actor")
    @RequiresFunction(Permission.JOURNAL_VIEW)
    @GetMapping("/api/v1/journal")
    Page list(@RequestParam(required = false) String type, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        Subject s = access.require(Permission.JOURNAL_VIEW);
        int n = Cursor.limit(limit, 50, 500);
        List<JournalEntry> page = entries.page(s.tenantId(), visibility.limit(JournalQuery.filter(type, from, to, actor, cursor), s), n + 1);
        List<Item> items = page.stream().limit(n).map(JournalApi::view).toList();
        String next = page.size() > n ? Cursor.encode(Long.toString(items.getLast().seq())) : null;
        return new Page(items, next);
    }

    @Operation(summary = "Export the journal as NDJSON, one OCSF 1.3 event per line, oldest first, within what you may see; resume an "
            + "interrupted export with after = the last metadata.sequence received; the export itself is journaled")
    @RequiresFunction(Permission.JOURNAL_VIEW)
    @GetMapping("/api/v1/journal/export")
    void export(@RequestParam(required = false) String type, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String actor,
            @RequestParam(required = false) @Nullable Long after, jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        Subject s = access.require(Permission.JOURNAL_VIEW);
        stepUp.require(s);
        if (after != null && after < 0) {
            throw dev.fortel.platform.ValidationFailedException.of("after", "journal.after", "must be a sequence number (0 or more) from a previous export");
        }
        JournalEntries.Filter filter = visibility.limit(JournalQuery.filter(type, from, to, actor, null), s);
        response.setContentType("application/x-ndjson");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Disposition", "attachment; filename=\"journal.ndjson\"");
        exports.export(s.tenantId(), filter, after, response.getOutputStream());
    }

    @Operation(summary = "Verify the hash chain of your company's journal; names the first broken link")
    @RequiresFunction(Permission.JOURNAL_VERIFY)
    @PostMapping("/api/v1/journal/verify")
    Verification verify() {
        Subject s = access.require(Permission.JOURNAL_VERIFY);
        JournalVerifier.Result r = verifications.verifyAndRecord(s.tenantId());
        return new Verification(r.events(), r.intact(), r.brokenSeq(), r.finding() == null ? null : messages.text(r.finding()));
    }

    static Item view(JournalEntry e) {
        return new Item(e.id(), e.seq(), e.time(), e.type(), e.outcome().name().toLowerCase(Locale.ROOT),
                new ActorView(e.actor().id(), e.actor().name(), e.actor().ip(), e.actor().userAgent(), e.actor().session()),
                new TargetView(e.target().kind(), e.target().id(), e.target().name()), JSON.readTree(e.details()), e.hash());
    }
}
