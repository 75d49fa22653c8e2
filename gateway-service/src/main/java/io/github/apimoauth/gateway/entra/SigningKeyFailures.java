package io.github.apimoauth.gateway.entra;

import java.util.Optional;

import io.github.apimoauth.entra.SigningKeyNotFoundException;
import io.github.apimoauth.entra.SigningKeyRefusals;
import io.github.apimoauth.gateway.policy.DecisionLog;

import org.springframework.web.server.ServerWebExchange;

/**
 * Tokens refused because their signing key could not be found: a kid the tenant does not publish (a forgery, or a key
 * newer than the last fetch while refetches are held to one per interval), or the tenant's keys out of reach. Anyone
 * can send such tokens by the thousand, so the shared {@link SigningKeyRefusals} sums them up in one WARN line per
 * minute and reason, never one line or stack trace per request.
 */
final class SigningKeyFailures {

    private final String tenantId;

    private final SigningKeyRefusals refusals = new SigningKeyRefusals();

    SigningKeyFailures(String tenantId) {
        this.tenantId = tenantId;
    }

    /** The key failure this decoding error is, if it is one. */
    static Optional<SigningKeyNotFoundException> of(Throwable error) {
        return error instanceof SigningKeyNotFoundException notFound ? Optional.of(notFound) : Optional.empty();
    }

    /** The APIM-style message the caller gets. */
    static String message(SigningKeyNotFoundException failure) {
        return switch (failure.reason()) {
            case UNKNOWN_KEY -> "Invalid JWT. The token's signing key is not one of the tenant's keys.";
            case KEYS_UNAVAILABLE -> "Invalid JWT. The tenant's signing keys are unavailable.";
        };
    }

    /** Counts one refusal; the first of a minute writes the WARN line with the count since the previous one. */
    void refused(SigningKeyNotFoundException failure, ServerWebExchange exchange, int status) {
        refusals.refused(failure.reason()).ifPresent(count -> DecisionLog.deniedInSummary(exchange,
                AzureAdTokenPolicy.POLICY, status, reason(failure.reason()), "tenantId=" + tenantId + " similarRefusals=" + count));
    }

    private static String reason(SigningKeyNotFoundException.Reason reason) {
        return switch (reason) {
            case UNKNOWN_KEY -> "their signing key (kid) is not among the tenant's keys, or a refetch already happened "
                    + "within the refetch interval";
            case KEYS_UNAVAILABLE -> "the tenant's signing keys could not be fetched and none are cached";
        };
    }
}
