package io.github.apimoauth.emulator.monitor;

import reactor.core.publisher.Mono;

import io.github.apimoauth.emulator.counters.Counters;
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
 * Ingestion's authentication, as a component with local authentication disabled ({@code DisableLocalAuth: true})
 * checks it. infra keeps local authentication on, for the environment's OpenTelemetry agent, but the services always send
 * a token, so the stricter stand-in proves that they do: only a Microsoft Entra bearer token is accepted, with a signature from the emulator's
 * own keys, the component's tenant, the Azure Monitor audience and a current lifetime, and its oid must hold Monitoring
 * Metrics Publisher. All of it before the body is read: an unknown caller costs no decompression, and its items count as
 * not received (itemsReceived 0).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class IngestionAuthenticationFilter implements WebFilter {

    /** What the exporter asks its TokenCredential for: its AAD audience, which ends in a slash, plus "/.default". */
    private static final String SCOPE = ApplicationInsightsComponent.RESOURCE + "//.default";

    private final AccessTokenCheck tokens;

    private final ApplicationInsightsComponent component;

    private final MonitorRoleAssignments roles;

    private final EmulatorUrls urls;

    private final Counters counters;

    IngestionAuthenticationFilter(AccessTokenCheck tokens, ApplicationInsightsComponent component, MonitorRoleAssignments roles,
            EmulatorUrls urls, Counters counters) {
        this.tokens = tokens;
        this.component = component;
        this.roles = roles;
        this.urls = urls;
        this.counters = counters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // The decoded path, as routing reads it: /v2.1/%74rack reaches the same handler as /v2.1/track.
        if (!Requests.isIngestionPath(Requests.normalizedPath(exchange.getRequest()))) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.error(unauthorized(null, "Authorization required: local authentication is disabled for this Application "
                    + "Insights resource (DisableLocalAuth); send a Microsoft Entra bearer token for the scope " + SCOPE + "."));
        }
        String oid;
        try {
            oid = tokens.verify(authorization.substring(7).trim(), component.tenant(), component.audiences());
        }
        catch (AccessTokenCheck.Rejected ex) {
            return Mono.error(unauthorized("invalid_token", reason(ex.reason())));
        }
        if (!roles.mayPublish(oid)) {
            counters.applicationInsightsRequest(HttpStatus.FORBIDDEN.value());
            return Mono.error(BreezeResponses.refusal(HttpStatus.FORBIDDEN, 0, "Forbidden: the principal '" + oid + "' does not "
                    + "hold " + MonitorRoleAssignments.METRICS_PUBLISHER + " on this Application Insights resource."));
        }
        return chain.filter(exchange);
    }

    private String reason(AccessTokenCheck.Reason reason) {
        return "Unauthorized: " + switch (reason) {
            case MALFORMED -> "the token is malformed.";
            case ALGORITHM -> "the token's algorithm is not RS256.";
            case SIGNATURE -> "the token's signature does not verify with any published key.";
            case ISSUER -> "the token's issuer is not the resource's tenant: expected one of "
                    + tokens.issuers(component.tenant()) + ".";
            case AUDIENCE -> "the token's audience is not Azure Monitor: request a token for the scope " + SCOPE + ".";
            case EXPIRED -> "the token is expired.";
            case NOT_YET_VALID -> "the token is not valid yet.";
            case NO_OID -> "the token has no oid claim.";
        };
    }

    /** 401 with the challenge naming the authority and resource, as Key Vault's; error set once a token was sent. */
    private ApiException unauthorized(String error, String message) {
        counters.applicationInsightsRequest(HttpStatus.UNAUTHORIZED.value());
        String challenge = "Bearer authorization=\"" + urls.authority(component.tenant()) + "\", resource=\""
                + ApplicationInsightsComponent.RESOURCE + "\"";
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, error == null ? challenge : challenge + ", error=\"" + error + "\"");
        return BreezeResponses.refusal(HttpStatus.UNAUTHORIZED, 0, message, headers);
    }
}
