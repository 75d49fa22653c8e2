package io.github.apimoauth.entra;

import java.util.Locale;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Why a hop refused a call, as a metric tag both hops share: a fixed, small set, so a refusal counter never takes a
 * token, key, id or caller value as a tag. The log line keeps the detail; this says only which kind of refusal it was.
 */
public enum RefusalReason {

    /** No subscription key (gateway) or function key (backend). */
    MISSING_KEY,
    /** A key that matches no active subscription, or not the function key. */
    INVALID_KEY,
    /** No key value held to check against (not loaded yet, revoked in Key Vault, or too stale): a 503. */
    KEY_UNAVAILABLE,
    /** No bearer token. */
    MISSING_TOKEN,
    /** A token that does not decode or verify, or fails a check without a reason of its own below. */
    INVALID_TOKEN,
    /** Past its exp or before its nbf. */
    EXPIRED,
    /** Not for this API. */
    AUDIENCE,
    /** Not from an allowed issuer. */
    ISSUER,
    /** Its kid is not among the tenant's signing keys, or the keys cannot be had. */
    SIGNING_KEY,
    /** Revoked by the caller policy: the token, its application or its principal. */
    REVOKED,
    /** The caller's tenant is not allowed. */
    TENANT,
    /** The calling application is not allowed. */
    CLIENT_APP,
    /** The caller's principal is not allowed. */
    PRINCIPAL,
    /** The operation's roles are not held, or no operation rule covers the request. */
    ROLE,
    /** A claim the route requires is missing or has a value not allowed. */
    CLAIMS,
    /** No caller policy read from the store yet: a 503. */
    POLICY_UNAVAILABLE,
    /** Over the caller's rate limit. */
    RATE_LIMITED;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** The tag value: the constant's name in lower case, as Prometheus queries spell it. */
    public String tag() {
        return tag;
    }

    /**
     * Why a token failed validation, read from the failure the decoder threw: a signing key not found, else the
     * validators' errors (the shared {@link EntraTokenValidators} and Spring's lifetime check), else invalid_token.
     */
    public static RefusalReason ofTokenFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SigningKeyNotFoundException) {
                return SIGNING_KEY;
            }
            if (cause instanceof JwtValidationException invalid) {
                return invalid.getErrors().stream().map(RefusalReason::ofError).filter(r -> r != INVALID_TOKEN).findFirst()
                    .orElse(INVALID_TOKEN);
            }
        }
        return INVALID_TOKEN;
    }

    private static RefusalReason ofError(OAuth2Error error) {
        String description = error.getDescription() == null ? "" : error.getDescription();
        if (description.equals(EntraTokenValidators.ISSUER_NOT_ALLOWED)) {
            return ISSUER;
        }
        if (description.equals(EntraTokenValidators.AUDIENCE_NOT_ALLOWED)) {
            return AUDIENCE;
        }
        // Spring Security's JwtTimestampValidator: "Jwt expired at …", "Jwt used before …".
        if (description.startsWith("Jwt expired") || description.startsWith("Jwt used before")) {
            return EXPIRED;
        }
        return INVALID_TOKEN;
    }

    /** The reason for a denial by one of the shared access rules' checks. */
    public static RefusalReason of(AccessRules.Check check) {
        return switch (check) {
            case ALLOWED_TENANTS -> TENANT;
            case ALLOWED_APPLICATIONS -> CLIENT_APP;
            case ALLOWED_PRINCIPALS -> PRINCIPAL;
            case ROLES -> ROLE;
        };
    }
}
