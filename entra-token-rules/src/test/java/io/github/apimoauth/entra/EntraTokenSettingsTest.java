package io.github.apimoauth.entra;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The settings records: what they derive, what they refuse, and how they bind under either service's prefix. */
class EntraTokenSettingsTest {

    private static final String TENANT = "28732aa9-1423-4e89-87fa-81c11b81002b";

    private static final String AUTHORITY = "https://login.microsoftonline.com";

    private static EntraTokenSettings settings(String tenantId, Set<String> allowedTenants) {
        return new EntraTokenSettings(AUTHORITY, EntraIssuers.AZURE_V1_ISSUER_BASE, tenantId, allowedTenants, List.of("api://app"),
                Set.of(TokenVersion.V1, TokenVersion.V2), Duration.ZERO, JwksSettings.defaults());
    }

    private static Binder binder(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties));
    }

    @Test
    void settingsWhenOneTenantThenItsExactIssuersAndKeysEndpoint() {
        EntraTokenSettings settings = settings(TENANT, Set.of(" " + TENANT + " "));

        assertThat(settings.issuers()).containsExactlyInAnyOrder("https://sts.windows.net/" + TENANT + "/",
                AUTHORITY + "/" + TENANT + "/v2.0");
        assertThat(settings.jwksUri()).isEqualTo(AUTHORITY + "/" + TENANT + "/discovery/v2.0/keys");
    }

    @Test
    void settingsWhenTenantStandsForManyOrValuesMissingThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings("common", Set.of(TENANT))).withMessageContaining("tenant-id");
        assertThatIllegalArgumentException().isThrownBy(() -> settings(TENANT, Set.of(TENANT, "Organizations")))
            .withMessageContaining("would accept other tenants");
        assertThatIllegalArgumentException().isThrownBy(() -> settings(TENANT, Set.of())).withMessageContaining("allowed tenants");
        assertThatIllegalArgumentException().isThrownBy(() -> new EntraTokenSettings(AUTHORITY, AUTHORITY, TENANT, Set.of(TENANT),
                List.of(), Set.of(TokenVersion.V2), Duration.ZERO, JwksSettings.defaults())).withMessageContaining("audiences");
        assertThatIllegalArgumentException().isThrownBy(() -> new EntraTokenSettings(AUTHORITY, AUTHORITY, TENANT, Set.of(TENANT),
                List.of("a"), Set.of(TokenVersion.V2), Duration.ofSeconds(-1), JwksSettings.defaults())).withMessageContaining("clock-skew");
    }

    @Test
    void decoderWhenKeysAreAnotherTenantsThenRefused() throws Exception {
        EntraTokenSettings settings = settings(TENANT, Set.of(TENANT));
        try (EntraJwks other = new EntraJwks(EntraIssuers.jwksUri(AUTHORITY, "other"), JwksSettings.defaults())) {
            assertThatIllegalArgumentException().isThrownBy(() -> EntraJwtDecoders.servlet(settings, other))
                .withMessageContaining("not those of the settings' tenant");
            assertThatIllegalArgumentException().isThrownBy(() -> EntraJwtDecoders.reactive(settings, other));
        }
    }

    @Test
    void bindJwksWhenSomeSetThenTheRestDefaultAndBadTimingsFailNamingThem() {
        JwksSettings bound = binder(Map.of("backend.auth.jwks.time-to-live", "2h", "backend.auth.jwks.read-timeout", "1s"))
            .bind("backend.auth.jwks", JwksSettings.class).get();

        assertThat(bound).isEqualTo(new JwksSettings(Duration.ofHours(2), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofHours(24), Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> binder(Map.of("apim.entra.jwks.time-to-live", "5m")).bind("apim.entra.jwks", JwksSettings.class))
            .havingRootCause().withMessageContaining("jwks.refresh-ahead + connect-timeout + read-timeout");
        assertThatIllegalArgumentException().isThrownBy(() -> new JwksSettings(Duration.ofHours(1), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1))).withMessageContaining("min-refetch-interval");
    }

    /** As the backend's JavaBean properties hold the record: a default in place, replaced when any value is set. */
    static final class Holder {

        private JwksSettings jwks = JwksSettings.defaults();

        public JwksSettings getJwks() {
            return jwks;
        }

        public void setJwks(JwksSettings jwks) {
            this.jwks = jwks;
        }
    }

    @Test
    void bindJwksWhenNestedInJavaBeanWithDefaultThenSetValuesTakeAndTheRestDefault() {
        Holder bound = binder(Map.of("backend.auth.jwks.min-refetch-interval", "1m")).bind("backend.auth", Holder.class).get();
        Holder untouched = binder(Map.of("backend.auth.other", "x")).bindOrCreate("backend.auth", Holder.class);

        assertThat(bound.getJwks()).isEqualTo(new JwksSettings(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMinutes(1),
                Duration.ofHours(24), Duration.ofSeconds(2), Duration.ofSeconds(5)));
        assertThat(untouched.getJwks()).isEqualTo(JwksSettings.defaults());
    }

    @Test
    void bindOperationsWhenCommaListsAndLowerCaseMatchThenRulesAndMissingPathFails() {
        List<OperationRule> rules = binder(Map.of("ops[0].methods", "get", "ops[0].path", "/api/**", "ops[0].roles", "Backend.Read",
                "ops[1].methods", "POST, PUT", "ops[1].path", "/api/**", "ops[1].roles", "Backend.Write,Backend.Admin",
                "ops[1].match", "all")).bind("ops", Bindable.listOf(OperationRule.class)).get();

        assertThat(rules).containsExactly(new OperationRule(Set.of("GET"), "/api/**", List.of("Backend.Read"), RoleMatch.ANY),
                new OperationRule(Set.of("POST", "PUT"), "/api/**", List.of("Backend.Write", "Backend.Admin"), RoleMatch.ALL));
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> binder(Map.of("ops[0].methods", "GET", "ops[0].roles", "Backend.Read"))
                .bind("ops", Bindable.listOf(OperationRule.class)))
            .havingRootCause().withMessageContaining("every rule needs a path pattern");
    }
}
