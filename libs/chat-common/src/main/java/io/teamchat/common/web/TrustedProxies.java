package io.teamchat.common.web;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start with an IPv6 address in {@code quarkus.http.proxy.trusted-proxies} that is not in CIDR form.
 * Quarkus reads {@code ::1} as host {@code ":"} and port 1, a hostname it then resolves by DNS for requests from
 * that peer; with no resolver answering, bursts of requests waited out the 5 s DNS timeout. {@code ::1/128} is
 * matched as an address.
 */
@ApplicationScoped
public class TrustedProxies {

    @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies")
    Optional<List<String>> trustedProxies;

    void check(@Observes StartupEvent event) {
        List<String> wrong = ambiguous(trustedProxies.orElse(List.of()));
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("quarkus.http.proxy.trusted-proxies (AUTH_TRUSTED_PROXIES): write IPv6 "
                    + "addresses in CIDR form (e.g. ::1/128), not " + String.join(", ", wrong)
                    + ": Quarkus would read them as a host name and port, and resolve them by DNS on requests");
        }
    }

    /** The entries with two or more colons and no prefix length: IPv6 addresses Quarkus would misread. */
    static List<String> ambiguous(List<String> entries) {
        return entries.stream()
                .map(String::trim)
                .filter(entry -> entry.indexOf(':') != entry.lastIndexOf(':') && !entry.contains("/"))
                .toList();
    }
}
