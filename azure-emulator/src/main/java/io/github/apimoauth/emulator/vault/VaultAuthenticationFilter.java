package io.github.apimoauth.emulator.vault;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.config.Directory;
import io.github.apimoauth.emulator.config.EmulatorProperties;
import io.github.apimoauth.emulator.keys.SigningKeys;
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

    private static final long CLOCK_SKEW_SECONDS = 60;

    private final SigningKeys keys;

    private final EmulatorUrls urls;

    private final Directory.Tenant tenant;

    VaultAuthenticationFilter(SigningKeys keys, EmulatorUrls urls, Directory directory, EmulatorProperties properties) {
        this.keys = keys;
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
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        }
        catch (ParseException ex) {
            throw unauthorized("AKV10001: The token is malformed.");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw unauthorized("AKV10001: Unsupported token algorithm; RS256 is required.");
        }
        JWK jwk = jwt.getHeader().getKeyID() == null ? null : keys.publicJwks().getKeyByKeyId(jwt.getHeader().getKeyID());
        if (!(jwk instanceof RSAKey rsa) || !verify(jwt, rsa)) {
            throw unauthorized("AKV10016: Token signature validation failed.");
        }
        List<String> issuers = List.of(urls.issuer(tenant, 1), urls.issuer(tenant, 2));
        if (!issuers.contains(claims.getIssuer()) || !tenant.id().equals(stringClaim(claims, "tid"))) {
            throw unauthorized("AKV10032: Invalid issuer. Expected one of " + issuers + ".");
        }
        if (claims.getAudience().stream().noneMatch(AUDIENCES::contains)) {
            throw unauthorized("AKV10022: Invalid audience. Expected " + RESOURCE + ".");
        }
        Instant now = Instant.now();
        Date exp = claims.getExpirationTime();
        if (exp == null || now.isAfter(exp.toInstant().plusSeconds(CLOCK_SKEW_SECONDS))) {
            throw unauthorized("AKV10000: Request is missing a Bearer or PoP token: the token is expired.");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plusSeconds(CLOCK_SKEW_SECONDS).isBefore(nbf.toInstant())) {
            throw unauthorized("AKV10000: The token is not valid yet.");
        }
        String oid = stringClaim(claims, "oid");
        if (oid == null || oid.isBlank()) {
            throw unauthorized("AKV10000: The token has no oid claim.");
        }
        return oid;
    }

    private static boolean verify(SignedJWT jwt, RSAKey key) {
        try {
            return jwt.verify(new RSASSAVerifier(key));
        }
        catch (JOSEException ex) {
            return false;
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    private ApiException unauthorized(String message) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer authorization=\"" + urls.authority(tenant) + "\", resource=\"" + RESOURCE + "\"");
        return new ApiException(HttpStatus.UNAUTHORIZED, ApiException.azureBody("Unauthorized", message), headers);
    }
}
