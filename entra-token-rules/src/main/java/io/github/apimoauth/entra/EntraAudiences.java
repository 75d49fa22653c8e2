package io.github.apimoauth.entra;

import java.util.List;

/**
 * Audience forms. A v2 token's aud is the API's app id; a v1 token's aud is the resource as the caller requested it,
 * api://{appId} or the bare app id. Accepting both is the default, as callers mix the two forms.
 */
public final class EntraAudiences {

    private EntraAudiences() {
    }

    public static List<String> defaults(String appId) {
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("The API's app id is required to derive its audiences");
        }
        return List.of("api://" + appId, appId);
    }
}
