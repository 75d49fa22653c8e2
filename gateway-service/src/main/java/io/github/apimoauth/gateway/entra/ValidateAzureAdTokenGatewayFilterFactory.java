package io.github.apimoauth.gateway.entra;

import java.util.List;

import io.github.apimoauth.azure.appconfig.PolicyStore;
import io.github.apimoauth.entra.EntraJwtDecoders;
import io.github.apimoauth.entra.EntraTokenSettings;
import io.github.apimoauth.gateway.policy.PolicyMeters;
import io.github.apimoauth.gateway.policy.ProtectedHeaders;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;

/**
 * APIM's validate-azure-ad-token as a route filter: {@code ValidateAzureAdToken} in YAML, with APIM's attribute names
 * as args. Each route gets its own decoder, the shared recipe built from the route's {@link EntraTokenSettings}; routes
 * of the same tenant share its signing keys. Every route asks the same caller policy ({@link PolicyStore}) after the
 * token is validated.
 */
@Component
class ValidateAzureAdTokenGatewayFilterFactory extends AbstractGatewayFilterFactory<ValidateAzureAdTokenConfig> {

    private final EntraProperties entra;

    private final TenantKeys tenantKeys;

    private final ProtectedHeaders protectedHeaders;

    private final PolicyStore policies;

    private final PolicyMeters meters;

    @Autowired
    ValidateAzureAdTokenGatewayFilterFactory(EntraProperties entra, TenantKeys tenantKeys, ProtectedHeaders protectedHeaders,
            PolicyStore policies, PolicyMeters meters) {
        super(ValidateAzureAdTokenConfig.class);
        this.entra = entra;
        this.tenantKeys = tenantKeys;
        this.protectedHeaders = protectedHeaders;
        this.policies = policies;
        this.meters = meters;
    }

    /** A unit test's: no meters. */
    ValidateAzureAdTokenGatewayFilterFactory(EntraProperties entra, TenantKeys tenantKeys, ProtectedHeaders protectedHeaders,
            PolicyStore policies) {
        this(entra, tenantKeys, protectedHeaders, policies, PolicyMeters.none());
    }

    /** Without a store: the embedded empty policy, so the route's own settings decide alone. */
    ValidateAzureAdTokenGatewayFilterFactory(EntraProperties entra, TenantKeys tenantKeys, ProtectedHeaders protectedHeaders) {
        this(entra, tenantKeys, protectedHeaders, PolicyStore.embedded());
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("tenantId", "audiences");
    }

    @Override
    public GatewayFilter apply(ValidateAzureAdTokenConfig config) {
        config.validate();
        protectedHeaders.protect(config.getHeaderName());
        EntraTokenSettings settings = config.tokenSettings(entra);
        var decoder = EntraJwtDecoders.reactive(settings, tenantKeys.forTenant(settings.tenantId()));
        return new AzureAdTokenPolicy(config, decoder, policies, meters.decisions("validate-azure-ad-token"));
    }
}
