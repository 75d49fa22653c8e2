package io.github.apimoauth.gateway.entra;

import io.github.apimoauth.entra.JwksSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Entra ID is and how its signing keys are held. The tenant, audiences and the rest belong to each route's
 * validate-azure-ad-token policy.
 *
 * @param authorityHost the authority host, https://login.microsoftonline.com in Azure (ENTRA_AUTHORITY_HOST); the v2
 * issuer and the JWKS URI derive from it
 * @param v1IssuerBase the base of v1 issuers, https://sts.windows.net in Azure (ENTRA_V1_ISSUER_BASE); a local
 * stand-in uses its authority host
 * @param jwks how the signing keys are cached and refetched (apim.entra.jwks.*), the shared {@link JwksSettings}
 */
@Validated
@ConfigurationProperties("apim.entra")
public record EntraProperties(@NotBlank String authorityHost, @NotBlank String v1IssuerBase,
        @DefaultValue @Valid @NotNull JwksSettings jwks) {
}
