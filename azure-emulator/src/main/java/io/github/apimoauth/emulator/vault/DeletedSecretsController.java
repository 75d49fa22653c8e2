package io.github.apimoauth.emulator.vault;

import java.util.Map;

import io.github.apimoauth.emulator.counters.Counters;
import io.github.apimoauth.emulator.vault.VaultRequests.DataAction;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import static io.github.apimoauth.emulator.vault.VaultRequests.deletedNotFound;
import static io.github.apimoauth.emulator.vault.VaultRequests.notFound;

/**
 * Key Vault's soft delete, as a vault with soft delete on (every vault since 2021) answers it: delete a secret (every
 * version), read or list what was deleted, recover it with its versions, or purge it for good. A deleted secret is
 * out of reach of every other operation, and its name cannot be reused until it is recovered or purged.
 * <p>
 * Deleting, recovering and purging take Key Vault Secrets Officer; reading a deleted secret's metadata is a
 * readMetadata action, which Key Vault Secrets User holds too. The deletion is done when the answer leaves, so the
 * SDK's pollers finish at their first poll.
 */
@RestController
class DeletedSecretsController {

    private final SecretStore store;

    private final VaultRequests requests;

    private final SecretBundles bundles;

    private final Counters counters;

    DeletedSecretsController(SecretStore store, VaultRequests requests, SecretBundles bundles, Counters counters) {
        this.store = store;
        this.requests = requests;
        this.bundles = bundles;
        this.counters = counters;
    }

    @DeleteMapping({ "/secrets/{name}", "/secrets/{name}/" })
    Map<String, Object> delete(@PathVariable String name, @RequestParam(name = "api-version", required = false) String apiVersion,
            ServerWebExchange exchange) {
        requests.check(name, apiVersion);
        requests.authorize(exchange, name, DataAction.DELETE);
        counters.keyVaultWrite(name);
        return bundles.deleted(store.delete(name).orElseThrow(() -> notFound(name, null)));
    }

    @GetMapping({ "/deletedsecrets", "/deletedsecrets/" })
    Map<String, Object> list(@RequestParam(name = "api-version", required = false) String apiVersion, ServerWebExchange exchange) {
        requests.check(null, apiVersion);
        requests.authorize(exchange, null, DataAction.READ_METADATA);
        return SecretBundles.page(store.deletedSecrets().stream().map(bundles::deletedItem).toList());
    }

    @GetMapping({ "/deletedsecrets/{name}", "/deletedsecrets/{name}/" })
    Map<String, Object> get(@PathVariable String name, @RequestParam(name = "api-version", required = false) String apiVersion,
            ServerWebExchange exchange) {
        requests.check(name, apiVersion);
        requests.authorize(exchange, name, DataAction.READ_METADATA);
        return bundles.deleted(store.deleted(name).orElseThrow(() -> deletedNotFound(name)));
    }

    /** Answers the recovered secret's latest version without its value, as Key Vault does. */
    @PostMapping("/deletedsecrets/{name}/recover")
    Map<String, Object> recover(@PathVariable String name, @RequestParam(name = "api-version", required = false) String apiVersion,
            ServerWebExchange exchange) {
        requests.check(name, apiVersion);
        requests.authorize(exchange, name, DataAction.RECOVER);
        counters.keyVaultWrite(name);
        return bundles.bundle(store.recover(name).orElseThrow(() -> deletedNotFound(name)), false);
    }

    @DeleteMapping({ "/deletedsecrets/{name}", "/deletedsecrets/{name}/" })
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void purge(@PathVariable String name, @RequestParam(name = "api-version", required = false) String apiVersion,
            ServerWebExchange exchange) {
        requests.check(name, apiVersion);
        requests.authorize(exchange, name, DataAction.PURGE);
        counters.keyVaultWrite(name);
        if (!store.purge(name)) {
            throw deletedNotFound(name);
        }
    }
}
