package io.github.apimoauth.entra;

import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.apimoauth.emulator.admin.Faults;
import io.github.apimoauth.emulator.junit.AzureEmulator;
import io.github.apimoauth.emulator.junit.AzureEmulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The JWKS holder against the emulator's real keys endpoint, its fetches counted by the emulator. */
@ExtendWith(AzureEmulatorExtension.class)
class EntraJwksTest {

    private final AzureEmulator emulator;

    private final String tenant;

    EntraJwksTest(AzureEmulator emulator) {
        this.emulator = emulator;
        this.tenant = emulator.tenantId("home");
    }

    @AfterEach
    void clearFaults() {
        emulator.clearFaults();
    }

    private EntraJwks jwks() {
        return new EntraJwks(EntraIssuers.jwksUri(emulator.authorityHost(), tenant), JwksSettings.defaults());
    }

    private long fetches() {
        @SuppressWarnings("unchecked")
        Map<String, Long> jwks = (Map<String, Long>) emulator.counters().get("jwksFetches");
        return jwks.getOrDefault(tenant, 0L);
    }

    @Test
    void selectWhenFloodOfUnknownKidsThenAtMostOneRefetch() throws Exception {
        EntraJwks jwks = jwks();
        jwks.load();
        long before = fetches();

        for (int i = 0; i < 200; i++) {
            var selector = new JWKSelector(new JWKMatcher.Builder().keyID("random-" + i).build());
            try {
                assertThat(jwks.source().get(selector, null)).isEmpty();
            }
            catch (RateLimitReachedException refused) {
                // Refused without a fetch: what the rate limit is for.
            }
        }

        assertThat(fetches() - before).isLessThanOrEqualTo(1);
        assertThat(jwks.loadedOnce()).isTrue();
    }

    @Test
    void selectWhenKeysEndpointIsDownThenCachedKeysStillServe() throws Exception {
        EntraJwks jwks = jwks();
        int loaded = jwks.load();
        String kid = emulator.signingKeys().get(0).kid();
        emulator.fault(Faults.Target.OPENID, Faults.Mode.UNAVAILABLE, Duration.ofSeconds(30));

        var selector = new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());

        assertThat(loaded).isPositive();
        assertThat(jwks.source().get(selector, null)).hasSize(1);
    }

    @Test
    void loadedOnceWhenNeverLoadedThenFalse() {
        assertThat(jwks().loadedOnce()).isFalse();
    }
}
