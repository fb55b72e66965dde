package dev.fortel.identity;

import dev.fortel.tenancy.TenantId;
import java.util.List;

/**
 * A module's channels through which a company's data leaves, for the integrations overview (the seed's "вывод
 * информации по настроенным дополнительным каналам"). Modules that identity must not depend on (telephony's FTPS
 * delivery) implement this, so the overview lists them without a dependency cycle.
 */
public interface IntegrationChannels {

    /**
     * @param kind what it is: {@code email}, {@code sms}, {@code ftps} ...
     * @param state a short code the console names, such as {@code delivering} or {@code off}
     * @param detail where it goes (a host, a folder), when configured; never a secret
     */
    record Channel(String kind, String state, @org.jspecify.annotations.Nullable String detail) {}

    List<Channel> channels(TenantId tenant);
}
