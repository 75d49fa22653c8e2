package io.github.apimoauth.gateway.subscription;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * APIM subscriptions, by subscription name. Their keys are Key Vault secrets named here; no key value ever sits in
 * configuration.
 *
 * @param subscriptions the subscriptions, keyed by name (APIM's subscription id)
 */
@Validated
@ConfigurationProperties("apim")
public record SubscriptionProperties(@DefaultValue Map<String, @Valid Subscription> subscriptions) {

    /** APIM's subscription states; only an active subscription may call. */
    public enum State {
        ACTIVE, SUSPENDED
    }

    /**
     * One subscription.
     *
     * @param state active or suspended
     * @param scope the APIs (route ids) this subscription may call
     * @param primaryKeySecret the Key Vault secret holding the primary key
     * @param secondaryKeySecret the Key Vault secret holding the secondary key
     */
    public record Subscription(@NotNull State state, @NotEmpty List<@NotBlank String> scope,
            @NotBlank String primaryKeySecret, @NotBlank String secondaryKeySecret) {
    }
}
