package io.github.apimoauth.frontend.credentials;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The held token: reused on the hot path, refreshed ahead of expiry off it, fetched on the caller only when none is valid. */
class BackendTokenProviderTest {

    private final AtomicInteger asked = new AtomicInteger();

    private final List<Runnable> background = new ArrayList<>();

    private OffsetDateTime expiry = OffsetDateTime.now().plusHours(1);

    private boolean failing;

    private final TokenCredential credential = request -> {
        asked.incrementAndGet();
        return failing ? Mono.error(new IllegalStateException("identity endpoint down"))
                : Mono.just(new AccessToken("token-" + asked.get(), expiry));
    };

    private final BackendTokenProvider provider = new BackendTokenProvider(credential, "api://backend/.default", "api://backend",
            new TokenClaims(JsonMapper.builder().build()), background::add);

    @Test
    void tokenWhenHeldAndFarFromExpiryThenReusedWithoutAskingAgain() {
        BackendToken first = provider.token();

        assertThat(provider.token()).isSameAs(first);
        assertThat(provider.token()).isSameAs(first);
        assertThat(asked.get()).isEqualTo(1);
        assertThat(background).isEmpty();
    }

    @Test
    void tokenWhenInsideRefreshMarginThenHeldTokenServesAndOneBackgroundRefreshReplacesIt() {
        expiry = OffsetDateTime.now().plusMinutes(5);
        BackendToken first = provider.token();
        expiry = OffsetDateTime.now().plusHours(1);

        assertThat(provider.token()).isSameAs(first);
        assertThat(provider.token()).isSameAs(first);
        assertThat(background).as("one refresh at a time").hasSize(1);
        background.get(0).run();

        assertThat(provider.token().value()).isEqualTo("token-2");
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void tokenWhenRefreshFailsInsideMarginThenHeldTokenStillServes() {
        expiry = OffsetDateTime.now().plusMinutes(5);
        BackendToken first = provider.token();
        failing = true;

        provider.token();
        background.get(0).run();

        assertThat(provider.token()).isSameAs(first);
    }

    @Test
    void tokenWhenNoneHeldAndIdentityEndpointFailsThenDependencyUnavailable() {
        failing = true;

        assertThatExceptionOfType(DependencyUnavailableException.class).isThrownBy(provider::token);
        assertThat(provider.obtainedOnce()).isFalse();
    }

    @Test
    void tokenWhenInvalidatedThenAskedAgainOnTheCaller() {
        provider.token();
        provider.invalidate();

        assertThat(provider.token().value()).isEqualTo("token-2");
        assertThat(background).isEmpty();
    }
}
