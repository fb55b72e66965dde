package dev.fortel.audit.syslog;

import dev.fortel.identity.IntegrationChannels;
import dev.fortel.tenancy.TenantId;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** The company's syslog receivers, as the integrations overview lists them: one channel each, by where it goes. */
@Component
class SyslogChannels implements IntegrationChannels {

    private final SyslogTargets targets;

    SyslogChannels(SyslogTargets targets) {
        this.targets = targets;
    }

    @Override
    public List<Channel> channels(TenantId tenant) {
        return targets.list(tenant).stream().map(t -> new Channel("syslog",
                !t.enabled() ? "off" : t.status() == SyslogTarget.Status.FAILING ? "failing" : "delivering",
                t.name() + ": " + t.transport().name().toLowerCase(Locale.ROOT) + "://" + t.host() + ":" + t.port() + " (" + String.join(" ", t.events().patterns()) + ")"))
                .toList();
    }
}
