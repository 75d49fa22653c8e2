package io.github.apimoauth.emulator.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.apimoauth.emulator.web.EmulatorUrls;
import org.springframework.stereotype.Component;

/**
 * Key Vault's JSON shapes for secrets: the SecretBundle, the SecretItem of a listing, the DeletedSecretBundle and a
 * page of items. A deleted secret never carries its value, as in Key Vault.
 */
@Component
class SecretBundles {

    private final EmulatorUrls urls;

    SecretBundles(EmulatorUrls urls) {
        this.urls = urls;
    }

    Map<String, Object> bundle(SecretStore.Version v, boolean withValue) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (withValue) {
            out.put("value", v.value());
        }
        out.put("id", urls.vaultUrl() + "/secrets/" + v.name() + "/" + v.version());
        if (v.contentType() != null) {
            out.put("contentType", v.contentType());
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("enabled", v.enabled());
        if (v.nbf() != null) {
            attributes.put("nbf", v.nbf());
        }
        if (v.exp() != null) {
            attributes.put("exp", v.exp());
        }
        attributes.put("created", v.created());
        attributes.put("updated", v.updated());
        attributes.put("recoveryLevel", "Recoverable+Purgeable");
        attributes.put("recoverableDays", SecretStore.RECOVERABLE_DAYS);
        out.put("attributes", attributes);
        out.put("tags", v.tags());
        return out;
    }

    /** A listing names the secret, not a version. */
    Map<String, Object> item(SecretStore.Version v) {
        Map<String, Object> out = bundle(v, false);
        out.put("id", urls.vaultUrl() + "/secrets/" + v.name());
        return out;
    }

    /** The DeletedSecretBundle: the latest version's metadata, plus where to recover it from and when it goes. */
    Map<String, Object> deleted(SecretStore.Deleted d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recoveryId", urls.vaultUrl() + "/deletedsecrets/" + d.name());
        out.put("deletedDate", d.deletedDate());
        out.put("scheduledPurgeDate", d.scheduledPurgeDate());
        out.putAll(bundle(d.latest(), false));
        return out;
    }

    /** A DeletedSecretItem, as a listing of deleted secrets shows it. */
    Map<String, Object> deletedItem(SecretStore.Deleted d) {
        Map<String, Object> out = deleted(d);
        out.put("id", urls.vaultUrl() + "/secrets/" + d.name());
        return out;
    }

    static Map<String, Object> page(List<Map<String, Object>> items) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", items);
        out.put("nextLink", null);
        return out;
    }
}
