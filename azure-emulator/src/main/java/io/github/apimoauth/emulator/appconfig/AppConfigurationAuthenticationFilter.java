package io.github.apimoauth.emulator.appconfig;

import java.util.Set;

import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.entra.AccessTokenCheck;
import io.github.apimoauth.emulator.web.ApiException;
import io.github.apimoauth.emulator.web.Requests;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * App Configuration's authentication, for a store with local authentication disabled (infra sets
 * {@code disableLocalAuth: true}): only a Microsoft Entra bearer token is accepted, with a signature from the emulator's
 * own keys, the store's tenant, an App Configuration audience and a current lifetime. An access key (HMAC-SHA256) is
 * refused like a missing token. The challenge is the service's {@code WWW-Authenticate: HMAC-SHA256, Bearer}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class AppConfigurationAuthenticationFilter implements WebFilter {

    static final String CALLER_OID = AppConfigurationAuthenticationFilter.class.getName() + ".oid";

    /** The audience azure-data-appconfiguration 1.8.5 asks for: https://appconfig.azure.com/.default. */
    static final String RESOURCE = "https://appconfig.azure.com";

    /** The audience the service accepted first, which older clients still ask for. */
    static final String LEGACY_RESOURCE = "https://azconfig.io";

    private static final Set<String> AUDIENCES = Set.of(RESOURCE, RESOURCE + "/", LEGACY_RESOURCE, LEGACY_RESOURCE + "/",
            "35ffadb3-7fc1-497e-b61b-381d28e744cc");

    private static final String CHALLENGE = "HMAC-SHA256, Bearer";

    private final AccessTokenCheck tokens;

    private final Directory.Tenant tenant;

    AppConfigurationAuthenticationFilter(AccessTokenCheck tokens, Directory directory, EmulatorProperties properties) {
        this.tokens = tokens;
        this.tenant = directory.requireTenant(properties.getAppConfiguration().getTenant());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // The decoded path, as routing reads it: /%6Bv/… reaches the same handlers as /kv/….
        if (!Requests.isAppConfigurationPath(Requests.normalizedPath(exchange.getRequest()))) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "HMAC-SHA256 ", 0, 12)) {
            return Mono.error(unauthorized(CHALLENGE, "Access key authentication is disabled for this configuration store "
                    + "(disableLocalAuth). Authenticate with a Microsoft Entra token for " + RESOURCE + "."));
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.error(unauthorized(CHALLENGE, "The request has no Authorization header with a Bearer token."));
        }
        try {
            exchange.getAttributes().put(CALLER_OID, tokens.verify(authorization.substring(7).trim(), tenant, AUDIENCES));
        }
        catch (AccessTokenCheck.Rejected ex) {
            return Mono.error(rejected(ex.reason()));
        }
        return chain.filter(exchange);
    }

    private ApiException rejected(AccessTokenCheck.Reason reason) {
        if (reason == AccessTokenCheck.Reason.ISSUER) {
            return unauthorized(challenge("The access token is from the wrong issuer. It must match the AD tenant associated "
                    + "with the subscription to which the configuration store belongs."),
                    "The token's issuer is not the store's tenant: expected one of " + tokens.issuers(tenant) + ".");
        }
        String detail = switch (reason) {
            case MALFORMED -> "The token is malformed.";
            case ALGORITHM -> "The token's algorithm is not RS256.";
            case SIGNATURE -> "The token's signature does not verify with any published key.";
            case AUDIENCE -> "The token's audience is not App Configuration: request a token for " + RESOURCE + ".";
            case EXPIRED -> "The token is expired.";
            case NOT_YET_VALID -> "The token is not valid yet.";
            case NO_OID -> "The token has no oid claim.";
            case ISSUER -> throw new IllegalStateException("handled above");
        };
        return unauthorized(challenge("Authorization token failed validation"), detail);
    }

    private static String challenge(String description) {
        return CHALLENGE + " error=\"invalid_token\", error_description=\"" + description + "\"";
    }

    private static ApiException unauthorized(String challenge, String detail) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        return AppConfigurationProblems.problem(HttpStatus.UNAUTHORIZED, null, "Unauthorized", null, detail, headers);
    }
}
