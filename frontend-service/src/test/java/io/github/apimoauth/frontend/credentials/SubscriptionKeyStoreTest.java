package io.github.apimoauth.frontend.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** The cache rules of the subscription key, with Key Vault mocked: the integration tests cover the real SDK. */
class SubscriptionKeyStoreTest {

    private final SecretClient vault = mock(SecretClient.class);

    private final MutableClock clock = new MutableClock();

    private final SubscriptionKeyStore store = new SubscriptionKeyStore(vault, "key", Duration.ofSeconds(5), clock);

    @Test
    void currentWhenCalledTwiceThenReadsKeyVaultOnce() {
        given(vault.getSecret("key")).willReturn(new KeyVaultSecret("key", "v1"));

        assertThat(store.current().value()).isEqualTo("v1");
        assertThat(store.current().value()).isEqualTo("v1");

        verify(vault, times(1)).getSecret("key");
        assertThat(store.loadedOnce()).isTrue();
    }

    @Test
    void currentWhenKeyVaultFailsAndNothingCachedThenDependencyUnavailable() {
        given(vault.getSecret("key")).willThrow(new HttpResponseException("Status code 503", null));

        assertThatThrownBy(store::current).isInstanceOfSatisfying(DependencyUnavailableException.class,
                ex -> assertThat(ex.dependency()).isEqualTo(DependencyUnavailableException.Dependency.KEY_VAULT));
        assertThat(store.loadedOnce()).isFalse();
    }

    @Test
    void refreshWhenKeyVaultFailsThenLastGoodKeyStays() {
        given(vault.getSecret("key")).willReturn(new KeyVaultSecret("key", "v1"))
            .willThrow(new HttpResponseException("Status code 503", null));
        store.current();

        store.refresh();

        assertThat(store.current().value()).isEqualTo("v1");
    }

    @Test
    void refreshWhenKeyWasRotatedThenNextCallUsesTheNewKey() {
        given(vault.getSecret("key")).willReturn(new KeyVaultSecret("key", "v1"), new KeyVaultSecret("key", "v2"));
        store.current();

        store.refresh();

        assertThat(store.current().value()).isEqualTo("v2");
    }

    @Test
    void reloadAfterRejectionWhenVaultHasANewKeyThenReturnsItMarkedReloaded() {
        given(vault.getSecret("key")).willReturn(new KeyVaultSecret("key", "v1"), new KeyVaultSecret("key", "v2"));
        SubscriptionKey rejected = store.current();

        assertThat(store.reloadAfterRejection(rejected)).hasValueSatisfying(key -> {
            assertThat(key.value()).isEqualTo("v2");
            assertThat(key.reloaded()).isTrue();
        });
    }

    @Test
    void reloadAfterRejectionWhenVaultStillHasTheSameKeyThenNothingToRetryWith() {
        given(vault.getSecret("key")).willReturn(new KeyVaultSecret("key", "v1"));
        SubscriptionKey rejected = store.current();

        assertThat(store.reloadAfterRejection(rejected)).isEmpty();
    }

    @Test
    void reloadAfterRejectionWhenCalledAgainWithinMinIntervalThenDoesNotReadKeyVault() {
        given(vault.getSecret("key")).willReturn(new KeyVaultSecret("key", "v1"));
        SubscriptionKey rejected = store.current();
        store.reloadAfterRejection(rejected);

        clock.advance(Duration.ofSeconds(1));
        assertThat(store.reloadAfterRejection(rejected)).isEmpty();
        verify(vault, times(2)).getSecret("key");

        clock.advance(Duration.ofSeconds(5));
        store.reloadAfterRejection(rejected);
        verify(vault, times(3)).getSecret("key");
    }

    @Test
    void toStringWhenPrintedThenShowsFingerprintNotValue() {
        given(vault.getSecret("key")).willReturn(new KeyVaultSecret("key", "very-secret-value"));

        assertThat(store.current().toString()).doesNotContain("very-secret-value").contains("fingerprint=");
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
