package io.github.apimoauth.azure.appconfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.Response;
import com.azure.data.appconfiguration.ConfigurationAsyncClient;
import com.azure.data.appconfiguration.models.ConfigurationSetting;
import com.azure.data.appconfiguration.models.SettingSelector;

import io.github.apimoauth.entra.policy.CallerPolicyDocument;

/**
 * The two reads of the caller policy, with the unmodified SDK: the sentinel key, conditionally (If-None-Match with the
 * ETag last seen, so an unchanged policy costs one 304 per check), and every key under the prefix with the label.
 * Called from the refresh thread only, so each call is awaited there; no request ever waits on it. Each attempt is
 * bounded by the client's own response timeout ({@code apim.policy.timeout}), not by cancelling the call: a call
 * cancelled under the JDK client fails again after the cancellation, into Reactor's dropped-error log.
 */
final class PolicyDocumentReader {

    /** What the sentinel check found. */
    sealed interface Sentinel {
    }

    /** 304: the same ETag as the sentinel last seen. */
    record Unchanged() implements Sentinel {
    }

    /** 404: no sentinel key with this label. */
    record Absent() implements Sentinel {
    }

    /** 200: the sentinel as it is now, with its ETag. */
    record Present(ConfigurationSetting setting) implements Sentinel {

        String etag() {
            return setting.getETag();
        }
    }

    /**
     * Every key-value under the prefix with the label, key to value, and the ETag the sentinel had in the listing (null
     * when it was not listed).
     */
    record Listing(Map<String, String> values, String sentinelEtag) {
    }

    /** App Configuration's label filter for the null label. */
    private static final String NULL_LABEL = "\0";

    private final ConfigurationAsyncClient client;

    private final String prefix;

    private final String label;

    PolicyDocumentReader(ConfigurationAsyncClient client, CallerPolicyProperties properties) {
        this.client = client;
        this.prefix = properties.keyPrefix();
        this.label = properties.label();
    }

    String sentinelKey() {
        return prefix + CallerPolicyDocument.SENTINEL;
    }

    /**
     * The sentinel, asked with If-None-Match when one was seen before.
     *
     * @param known the sentinel last seen, with its ETag; null to ask unconditionally
     */
    Sentinel sentinel(ConfigurationSetting known) {
        ConfigurationSetting asked = known != null ? known : new ConfigurationSetting().setKey(sentinelKey()).setLabel(label);
        try {
            Response<ConfigurationSetting> response = client.getConfigurationSettingWithResponse(asked, null, known != null).block();
            if (response.getStatusCode() == 304) {
                return new Unchanged();
            }
            return new Present(response.getValue());
        }
        catch (HttpResponseException ex) {
            // The SDK declares no exception per status: a missing key is a plain HttpResponseException with 404.
            if (ex.getResponse() != null && ex.getResponse().getStatusCode() == 404) {
                return new Absent();
            }
            throw ex;
        }
    }

    /** Every key-value under the prefix with this label: the null label unless one is configured. */
    Listing list() {
        SettingSelector selector = new SettingSelector().setKeyFilter(prefix + "*").setLabelFilter(label == null ? NULL_LABEL : label);
        List<ConfigurationSetting> settings = client.listConfigurationSettings(selector).collectList().block();
        Map<String, String> values = new HashMap<>();
        String sentinelEtag = null;
        for (ConfigurationSetting setting : settings) {
            values.put(setting.getKey(), setting.getValue());
            if (setting.getKey().equals(sentinelKey())) {
                sentinelEtag = setting.getETag();
            }
        }
        return new Listing(values, sentinelEtag);
    }
}
