package io.github.apimoauth.frontend.ratelimit;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Which address counts: the peer, or the entry the trusted proxies wrote, never one the client wrote. */
class ClientAddressesTest {

    private static MockHttpServletRequest request(String peer, String... forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        for (String line : forwardedFor) {
            request.addHeader(ClientAddresses.X_FORWARDED_FOR, line);
        }
        return request;
    }

    @Test
    void ofWhenNoTrustedProxyThenPeerWhateverTheHeaderSays() {
        assertThat(new ClientAddresses(0).of(request("192.0.2.1", "198.51.100.1, 203.0.113.1"))).isEqualTo("192.0.2.1");
    }

    @Test
    void ofWhenOneTrustedProxyThenRightMostEntry() {
        assertThat(new ClientAddresses(1).of(request("10.0.0.1", "198.51.100.1, 203.0.113.1"))).isEqualTo("203.0.113.1");
        assertThat(new ClientAddresses(1).of(request("10.0.0.1", "198.51.100.1", " 203.0.113.1 "))).isEqualTo("203.0.113.1");
        assertThat(new ClientAddresses(1).of(request("10.0.0.1", "2001:db8::7"))).isEqualTo("2001:db8::7");
    }

    @Test
    void ofWhenTwoTrustedProxiesThenSecondEntryFromTheRight() {
        assertThat(new ClientAddresses(2).of(request("10.0.0.1", "198.51.100.1, 203.0.113.1, 10.0.0.9")))
            .isEqualTo("203.0.113.1");
    }

    @Test
    void ofWhenFewerEntriesThanTrustedProxiesThenPeer() {
        assertThat(new ClientAddresses(1).of(request("10.0.0.1"))).isEqualTo("10.0.0.1");
        assertThat(new ClientAddresses(2).of(request("10.0.0.1", "203.0.113.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void ofWhenTrustedEntryIsNotAnAddressThenPeer() {
        assertThat(new ClientAddresses(1).of(request("10.0.0.1", "203.0.113.1, "))).isEqualTo("10.0.0.1");
        assertThat(new ClientAddresses(1).of(request("10.0.0.1", "unknown"))).isEqualTo("10.0.0.1");
        assertThat(new ClientAddresses(1).of(request("10.0.0.1", "1".repeat(100)))).isEqualTo("10.0.0.1");
    }
}
