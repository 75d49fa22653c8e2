package io.github.apimoauth.entra;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class EntraTokenRulesTest {

    private static final String TENANT = "28732aa9-1423-4e89-87fa-81c11b81002b";

    private static final String AUTHORITY = "https://login.microsoftonline.com";

    private static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").issuedAt(Instant.now().minusSeconds(3600));
        claims.forEach(builder::claim);
        return builder.build();
    }

    @Test
    void allowedIssuersWhenBothVersionsThenAzureFormsForEachTenant() {
        Set<String> issuers = EntraIssuers.allowed(AUTHORITY, EntraIssuers.AZURE_V1_ISSUER_BASE, List.of(TENANT),
                Set.of(TokenVersion.V1, TokenVersion.V2));

        assertThat(issuers).containsExactlyInAnyOrder("https://sts.windows.net/" + TENANT + "/",
                "https://login.microsoftonline.com/" + TENANT + "/v2.0");
        assertThat(EntraIssuers.jwksUri(AUTHORITY + "/", TENANT)).isEqualTo(AUTHORITY + "/" + TENANT + "/discovery/v2.0/keys");
    }

    @Test
    void validateIssuerWhenPrefixOrOtherTenantThenInvalidToken() {
        var validator = EntraTokenValidators.issuer(Set.of(EntraIssuers.v1("http://localhost:8090", TENANT)));

        assertThat(validator.validate(jwt(Map.of("iss", "http://localhost:8090/" + TENANT + "/"))).hasErrors()).isFalse();
        // The v2 issuer starts with the v1 issuer here: only an exact comparison refuses it.
        var prefixed = validator.validate(jwt(Map.of("iss", "http://localhost:8090/" + TENANT + "/v2.0")));
        assertThat(prefixed.hasErrors()).isTrue();
        assertThat(prefixed.getErrors()).first().satisfies(e -> assertThat(e.getErrorCode()).isEqualTo("invalid_token"));
        assertThat(validator.validate(jwt(Map.of("iss", "http://localhost:8090/other/"))).hasErrors()).isTrue();
        assertThat(validator.validate(jwt(Map.of("sub", "no-issuer"))).hasErrors()).isTrue();
    }

    @Test
    void validateAudienceWhenEitherFormThenValidAndOtherwiseInvalid() {
        var validator = EntraTokenValidators.audience(EntraAudiences.defaults("app-guid"));

        assertThat(validator.validate(jwt(Map.of("aud", List.of("api://app-guid")))).hasErrors()).isFalse();
        assertThat(validator.validate(jwt(Map.of("aud", List.of("app-guid")))).hasErrors()).isFalse();
        assertThat(validator.validate(jwt(Map.of("aud", List.of("api://other")))).hasErrors()).isTrue();
        assertThat(validator.validate(jwt(Map.of("sub", "no-audience"))).hasErrors()).isTrue();
    }

    @Test
    void validateLifetimeWhenExpMissingExpiredOrNotYetValidThenInvalid() {
        var validator = EntraTokenValidators.lifetime(Duration.ofSeconds(60));
        Instant now = Instant.now();

        assertThat(validator.validate(jwt(Map.of("exp", now.plusSeconds(600)))).hasErrors()).isFalse();
        assertThat(validator.validate(jwt(Map.of("exp", now.minusSeconds(30)))).hasErrors()).as("inside the skew").isFalse();
        assertThat(validator.validate(jwt(Map.of("sub", "no-exp"))).hasErrors()).isTrue();
        assertThat(validator.validate(jwt(Map.of("exp", now.minusSeconds(120)))).hasErrors()).isTrue();
        assertThat(validator.validate(jwt(Map.of("exp", now.plusSeconds(600), "nbf", now.plusSeconds(300)))).hasErrors()).isTrue();
    }

    @Test
    void validatorsWhenListsAreEmptyThenRefusedAtConfiguration() {
        assertThatIllegalArgumentException().isThrownBy(() -> EntraTokenValidators.issuer(Set.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> EntraTokenValidators.audience(List.of()));
    }

    @Test
    void callerWhenV1OrV2ThenAppIdFromAppidOrAzp() {
        EntraCaller v2 = EntraCaller.from(jwt(Map.of("azp", "client-2", "tid", TENANT, "oid", "oid-2", "roles", List.of("A"), "ver", "2.0")));
        EntraCaller v1 = EntraCaller.from(jwt(Map.of("appid", "client-1", "tid", TENANT, "oid", "oid-1", "roles", "B", "ver", "1.0")));
        EntraCaller bare = EntraCaller.from(jwt(Map.of("sub", "x")));

        assertThat(v2).isEqualTo(new EntraCaller(TENANT, "client-2", "oid-2", List.of("A"), "2.0"));
        assertThat(v1).isEqualTo(new EntraCaller(TENANT, "client-1", "oid-1", List.of("B"), "1.0"));
        assertThat(bare.appId()).isNull();
        assertThat(bare.roles()).isEmpty();
    }

    @Test
    void findOperationRuleWhenMethodAndPathMatchThenFirstRuleDecides() {
        OperationRoles roles = new OperationRoles(List.of(
                new OperationRule(Set.of("get"), "/api/**", List.of("Backend.Read"), RoleMatch.ANY),
                new OperationRule(Set.of("POST", "PUT"), "/api/**", List.of("Backend.Write", "Backend.Admin"), RoleMatch.ALL)));

        assertThat(roles.find(HttpMethod.GET, "/api/greeting")).hasValueSatisfying(r -> assertThat(r.roles()).containsExactly("Backend.Read"));
        OperationRule post = roles.find(HttpMethod.POST, "/api/greeting").orElseThrow();
        assertThat(post.isSatisfiedBy(List.of("Backend.Write"))).isFalse();
        assertThat(post.isSatisfiedBy(List.of("Backend.Write", "Backend.Admin"))).isTrue();
        assertThat(roles.find(HttpMethod.DELETE, "/api/greeting")).isEmpty();
        assertThat(roles.find(HttpMethod.GET, "/other")).isEmpty();
    }

    @Test
    void ruleWhenNoRoleOrNoMethodThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OperationRule(Set.of("GET"), "/api/**", List.of(), RoleMatch.ANY));
        assertThatIllegalArgumentException().isThrownBy(() -> new OperationRule(Set.of(), "/api/**", List.of("A"), RoleMatch.ANY));
        assertThat(RoleMatch.ANY.isSatisfiedBy(List.of(), List.of("A"))).isFalse();
    }

    @Test
    void validateWhenSkewIsLongerThanSpringsDefaultThenOnlyTheSettingsSkewApplies() {
        // Spring's own timestamp validator (60 s) must not run beside ours: this token expired 120 s ago, inside 300 s.
        EntraTokenSettings settings = new EntraTokenSettings(AUTHORITY, EntraIssuers.AZURE_V1_ISSUER_BASE,
                TENANT, Set.of(TENANT), List.of("api://app"), Set.of(TokenVersion.V2), Duration.ofSeconds(300),
                JwksSettings.defaults());
        String issuer = settings.issuers().iterator().next();
        Jwt jwt = jwt(Map.of("iss", issuer, "aud", List.of("api://app"), "exp", Instant.now().minusSeconds(120)));

        assertThat(EntraTokenValidators.of(settings).validate(jwt).getErrors()).isEmpty();
    }

    @Test
    void validateWhenTokenIsBoundToACertificateThenInvalidTokenAndOtherwiseAllowed() {
        OAuth2TokenValidator<Jwt> rule = EntraTokenValidators.notCertificateBound();

        assertThat(rule.validate(jwt(Map.of("cnf", Map.of("x5t#S256", "bm90LWEtY2VydA")))).getErrors())
            .extracting(OAuth2Error::getErrorCode, OAuth2Error::getDescription)
            .containsExactly(tuple("invalid_token", "Unable to obtain X509Certificate from current request."));
        assertThat(rule.validate(jwt(Map.of("cnf", "not-an-object"))).getErrors()).extracting(OAuth2Error::getDescription)
            .containsExactly(EntraTokenValidators.CONFIRMATION_NOT_AN_OBJECT);
        assertThat(rule.validate(jwt(Map.of("cnf", Map.of("jkt", "other-binding")))).hasErrors()).isFalse();
        assertThat(rule.validate(jwt(Map.of("sub", "no-cnf"))).hasErrors()).isFalse();
    }
}
