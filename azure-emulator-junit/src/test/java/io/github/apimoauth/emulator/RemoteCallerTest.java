package io.github.apimoauth.emulator;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.apimoauth.emulator.junit.AzureEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A caller that is not on loopback, over real HTTP: an emulator bound to this machine's own non-loopback address
 * sees a request to that address as coming from it, as a request from another host would. Nothing here is
 * simulated: the source address is the one the kernel gives the socket.
 */
class RemoteCallerTest {

    private static AzureEmulator exposed;

    private static String base;

    @BeforeAll
    static void startOnNonLoopbackAddress() {
        InetAddress address = nonLoopbackAddress();
        exposed = AzureEmulator.start(Map.of("emulator.bind-address", address.getHostAddress()));
        base = exposed.authorityHost();
        assertThat(base).startsWith("http://" + address.getHostAddress() + ":");
    }

    @AfterAll
    static void stop() {
        if (exposed != null) {
            exposed.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET /_emulator/identities/frontend/environment", "GET /%5Femulator/identities/frontend/environment",
            "GET /%5femulator/counters", "GET /_emul%61tor/counters", "GET //_emulator/identities/frontend/environment",
            "POST /%5Femulator/tokens", "POST //_emulator/app-role-assignments" })
    void adminWhenCalledFromAnotherHostInAnySpellingThen403(String request) {
        String[] parts = request.split(" ");

        RawHttp.Response r = RawHttp.sendVerbatim(base, parts[0], parts[1], Map.of());

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.json().toString()).contains("AdminLoopbackOnly");
        assertThat(r.body()).doesNotContain(exposed.identity("frontend").identityHeader());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/x/../_emulator/counters", "/./_emulator/counters", "/%2e%2e/_emulator/counters", "/x/%2E/counters",
            "/_emulator;p=1/counters", "/;p=1/_emulator/counters", "/_emulator%2Fcounters", "/_emulator%5Ccounters", "/%00/_emulator/counters" })
    void anyPathWhenDotSegmentEncodedSlashParameterOrControlCharacterThen400(String path) {
        RawHttp.Response r = RawHttp.sendVerbatim(base, path, Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.json().toString()).contains("BadParameter").contains("plain path");
    }

    @Test
    void imdsWhenCalledFromAnotherHostWithoutIdentityHeaderThen403() {
        RawHttp.Response r = RawHttp.sendVerbatim(base, imds("&client_id=" + exposed.identity("frontend").clientId()),
                Map.of("Metadata", "true"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json()).containsEntry("error", "access_denied");
        assertThat((String) r.json().get("error_description")).contains("X-IDENTITY-HEADER");
        assertThat(r.json()).doesNotContainKey("access_token");
    }

    @Test
    void imdsWhenCalledFromAnotherHostClaimingLoopbackInForwardedHeadersThen403() {
        RawHttp.Response r = RawHttp.sendVerbatim(base, imds("&client_id=" + exposed.identity("frontend").clientId()),
                Map.of("Metadata", "true", "X-Forwarded-For", "127.0.0.1", "Forwarded", "for=127.0.0.1"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json()).containsEntry("error", "access_denied");
    }

    @Test
    void imdsWhenCalledFromAnotherHostWithWrongIdentityHeaderThen401() {
        RawHttp.Response r = RawHttp.sendVerbatim(base, imds(""), Map.of("Metadata", "true", "X-IDENTITY-HEADER", "guess"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).containsEntry("error", "unauthorized_client");
        assertThat((String) r.json().get("error_description")).contains("not valid");
    }

    @Test
    void imdsWhenCalledFromAnotherHostWithIdentityHeaderThenThatIdentitysTokenOnly() {
        AzureEmulator.Identity gateway = exposed.identity("gateway");

        RawHttp.Response own = RawHttp.sendVerbatim(base, imds(""), Map.of("Metadata", "true", "X-IDENTITY-HEADER", gateway.identityHeader()));
        RawHttp.Response other = RawHttp.sendVerbatim(base, imds("&client_id=" + exposed.identity("frontend").clientId()),
                Map.of("Metadata", "true", "X-IDENTITY-HEADER", gateway.identityHeader()));

        assertThat(own.status()).isEqualTo(200);
        assertThat(SdkClients.claims((String) own.json().get("access_token"))).containsEntry("oid", gateway.objectId());
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json()).containsEntry("error", "invalid_request");
        assertThat((String) other.json().get("error_description")).contains("not assigned to this app");
    }

    @Test
    void imdsWhenCalledFromAnotherHostWithSharedHeaderAndClientIdThenThatIdentitysToken() {
        AzureEmulator.Identity frontend = exposed.identity("frontend");

        RawHttp.Response r = RawHttp.sendVerbatim(base, imds("&client_id=" + frontend.clientId()),
                Map.of("Metadata", "true", "X-IDENTITY-HEADER", exposed.sharedIdentityHeader()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(SdkClients.claims((String) r.json().get("access_token"))).containsEntry("oid", frontend.objectId());
    }

    @Test
    void bindWhenAddressConfiguredThenBothListenersAnswerThereAndNeitherOnLoopback() throws Exception {
        InetAddress address = InetAddress.getByName(java.net.URI.create(base).getHost());
        int httpPort = java.net.URI.create(base).getPort();
        int httpsPort = java.net.URI.create(exposed.vaultUrl()).getPort();

        for (int port : new int[] { httpPort, httpsPort }) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 5_000);
            }
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                }
            }).as("port %d on loopback", port).isInstanceOf(java.net.ConnectException.class);
        }
    }

    private String imds(String extra) {
        return "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://" + exposed.appId("backend-api") + extra;
    }

    /** An IPv4 address of this machine that is not loopback; without one, no caller can be off loopback here. */
    static InetAddress nonLoopbackAddress() {
        Optional<InetAddress> found;
        try {
            found = NetworkInterface.networkInterfaces()
                .filter(RemoteCallerTest::upAndNotLoopback)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        }
        catch (SocketException ex) {
            found = Optional.empty();
        }
        Assumptions.assumeTrue(found.isPresent(), "this machine has no non-loopback IPv4 address to call from");
        return found.get();
    }

    private static boolean upAndNotLoopback(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        }
        catch (SocketException ex) {
            return false;
        }
    }
}
