package dev.fortel.audit;

import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.tenancy.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A person's request to verify their tenant's chain: verifies, then journals that it was checked and what was found. */
@Component
public class JournalVerifications {

    private final JournalVerifier verifier;
    private final Journal journal;

    JournalVerifications(JournalVerifier verifier, Journal journal) {
        this.verifier = verifier;
        this.journal = journal;
    }

    public JournalVerifier.Result verifyAndRecord(TenantId tenant) {
        JournalVerifier.Result result = verifier.verify(tenant);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("events", result.events());
        details.put("intact", result.intact());
        if (!result.intact()) {
            details.put("broken_seq", result.brokenSeq());
            details.put("problem", result.problem());
        }
        journal.append(new Journal.Draft(tenant, JournalTypes.JOURNAL_VERIFIED, result.intact() ? Outcome.SUCCESS : Outcome.FAILURE,
                JournalRecorder.currentActor(), new Target("journal", tenant.toString(), null), details));
        return result;
    }
}
