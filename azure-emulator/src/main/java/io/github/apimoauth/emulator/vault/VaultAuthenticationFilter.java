package io.github.apimoauth.emulator.vault;

import java.util.Set;

import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.entra.AccessTokenCheck;
import io.github.apimoauth.emulator.web.ApiException;
import io.github.apimoauth.emulator.web.EmulatorUrls;
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
 * Key Vault's authentication, challenge first as in Azure: a request without a bearer token gets 401 and a
 * WWW-Authenticate challenge naming the authority and resource, from which the SDK derives the token scope. A token
 * is accepted only with a signature from the emulator's own Entra keys, the vault's tenant, the Key Vault audience
 * and a current lifetime; the caller's oid then goes to the RBAC check.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class VaultAuthenticationFilter implements WebFilter {

    static final String CALLER_OID = VaultAuthenticationFilter.class.getName() + ".oid";

    static final String RESOURCE = "https://vault.azure.net";

    private static final Set<String> AUDIENCES = Set.of(RESOURCE, RESOURCE + "/", "cfa8b339-82a2-471a-a3c9-0fc0be7a4093");

    private final AccessTokenCheck tokens;

    private final EmulatorUrls urls;

    private final Directory.Tenant tenant;

    VaultAuthenticationFilter(AccessTokenCheck tokens, EmulatorUrls urls, Directory directory, EmulatorProperties properties) {
        this.tokens = tokens;
        this.urls = urls;
        this.tenant = directory.requireTenant(properties.getVault().getTenant());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // The decoded path, as routing reads it: /%73ecrets/… reaches the same handlers as /secrets/….
        String path = Requests.normalizedPath(exchange.getRequest());
        if (!Requests.isKeyVaultPath(path)) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.error(unauthorized("AKV10000: Request is missing a Bearer or PoP token."));
        }
        String oid = authenticate(authorization.substring(7).trim());
        exchange.getAttributes().put(CALLER_OID, oid);
        return chain.filter(exchange);
    }

    private String authenticate(String token) {
        try {
            return tokens.verify(token, tenant, AUDIENCES);
        }
        catch (AccessTokenCheck.Rejected ex) {
            throw unauthorized(switch (ex.reason()) {
                case MALFORMED -> "AKV10001: The token is malformed.";
                case ALGORITHM -> "AKV10001: Unsupported token algorithm; RS256 is required.";
                case SIGNATURE -> "AKV10016: Token signature validation failed.";
                case ISSUER -> "AKV10032: Invalid issuer. Expected one of " + tokens.issuers(tenant) + ".";
                case AUDIENCE -> "AKV10022: Invalid audience. Expected " + RESOURCE + ".";
                case EXPIRED -> "AKV10000: Request is missing a Bearer or PoP token: the token is expired.";
                case NOT_YET_VALID -> "AKV10000: The token is not valid yet.";
                case NO_OID -> "AKV10000: The token has no oid claim.";
            });
        }
    }

    private ApiException unauthorized(String message) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer authorization=\"" + urls.authority(tenant) + "\", resource=\"" + RESOURCE + "\"");
        return new ApiException(HttpStatus.UNAUTHORIZED, ApiException.azureBody("Unauthorized", message), headers);
    }
}
