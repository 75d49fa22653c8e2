package io.github.apimoauth.azure.appconfig;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the caller policy sits in the App Configuration store and how often it is checked, under one name in the
 * gateway and the backend, which read the same keys. Used only when {@code azure.app-configuration.endpoint} is set.
 * The prefix and the label are used as key and label filters, so neither may hold a filter's special characters
 * ({@code *}, {@code ,}, {@code \}).
 *
 * @param keyPrefix the prefix of every policy key, {@code apim-oauth:policy:} by default (APIM_POLICY_KEY_PREFIX)
 * @param label the environment's label (APIM_POLICY_LABEL); empty, the default, reads the keys without a label
 * @param refreshInterval how often the sentinel key is checked with a conditional request; the policy is read again
 * only when it changed: a revocation takes effect within this interval (5s by default)
 * @param timeout how long the store may take to answer one attempt of a call (the SDK client's response and read
 * timeout, in place of {@code azure.http.read-timeout}); the {@code azure.http} retries apply (10s by default)
 */
@Validated
@ConfigurationProperties("apim.policy")
public record CallerPolicyProperties(
        @DefaultValue("apim-oauth:policy:") @NotBlank @Pattern(regexp = "[^*,\\\\]+", message = "must not hold *, , or \\") String keyPrefix,
        @Pattern(regexp = "[^*,\\\\]*", message = "must not hold *, , or \\") String label,
        @DefaultValue("5s") @NotNull Duration refreshInterval, @DefaultValue("10s") @NotNull Duration timeout) {

    public CallerPolicyProperties {
        // Empty from an unset APIM_POLICY_LABEL: App Configuration's null label, the one `az appconfig kv set` uses by default.
        label = label == null || label.isEmpty() ? null : label;
        if (refreshInterval != null && (refreshInterval.isNegative() || refreshInterval.isZero())) {
            throw new IllegalArgumentException("apim.policy.refresh-interval must be positive");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("apim.policy.timeout must be positive");
        }
    }
}
