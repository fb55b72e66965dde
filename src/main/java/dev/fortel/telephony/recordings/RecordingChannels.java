package dev.fortel.telephony.recordings;

import dev.fortel.identity.IntegrationChannels;
import dev.fortel.tenancy.TenantId;
import java.util.List;
import org.springframework.stereotype.Component;

/** The company's FTPS delivery of recordings, as the integrations overview lists it. */
@Component
class RecordingChannels implements IntegrationChannels {

    private final RecordingSettings settings;

    RecordingChannels(RecordingSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<Channel> channels(TenantId tenant) {
        RecordingSettings.Settings s = settings.of(tenant);
        if (s.ftps() == null) {
            return List.of(new Channel("ftps", "not_set", null));
        }
        return List.of(new Channel("ftps", s.ftpsEnabled() ? "delivering" : "off", s.ftps().host() + ":" + s.ftps().port() + s.ftps().directory()));
    }
}
