package io.teamchat.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void anIpv6AddressWithoutPrefixLengthIsRefused() {
        assertEquals(List.of("::1", "fd00::7"), TrustedProxies.ambiguous(List.of("127.0.0.1", "::1", " fd00::7 ")));
    }

    @Test
    void addressesCidrsAndHostsWithPortsAreAccepted() {
        assertEquals(
                List.of(),
                TrustedProxies.ambiguous(
                        List.of("127.0.0.1", "::1/128", "10.0.0.0/8", "fd00::/8", "gateway", "gateway:8080")));
    }
}
