package dev.fortel.audit.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.audit.JournalRetention;
import dev.fortel.identity.StepUp;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** How long the company's journal is kept. Shortening it destroys evidence sooner: a recent second factor, journaled. */
@RestController
@Tag(name = "Journal")
class RetentionApi {

    private final JournalRetention retention;
    private final AccessDecisions access;
    private final StepUp stepUp;

    RetentionApi(JournalRetention retention, AccessDecisions access, StepUp stepUp) {
        this.retention = retention;
        this.access = access;
        this.stepUp = stepUp;
    }

    record Body(@Nullable Integer months) {}

    /** @param allowed the classes this company may choose (the provider's minimum and above) */
    record View(int months, List<Integer> allowed, int minimumMonths) {}

    @Operation(summary = "How many months the company's journal is kept, and the choices")
    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @GetMapping("/api/v1/journal/retention")
    View get() {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        return view(retention.months(s.tenantId()));
    }

    @Operation(summary = "Change how long the journal is kept ({\"months\": 36}); events older than that are removed by the hourly job, whole months at a time")
    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @PutMapping("/api/v1/journal/retention")
    View change(@RequestBody Body body) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        stepUp.require(s);
        return view(retention.change(s, body.months()));
    }

    private View view(int months) {
        return new View(months, JournalRetention.CLASSES.stream().filter(m -> m >= retention.minimumMonths()).toList(), retention.minimumMonths());
    }
}
