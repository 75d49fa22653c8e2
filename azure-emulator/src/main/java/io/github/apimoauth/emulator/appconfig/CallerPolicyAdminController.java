package io.github.apimoauth.emulator.appconfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.apimoauth.emulator.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API, caller policy: the local shortcut for {@code az appconfig kv set} followed by a sentinel bump. Revoke or
 * restore an application (client id), a principal (object id) or a token (uti), see what is revoked, bump the
 * sentinel. Loopback-only like the rest of {@code /_emulator/}. The label is optional (default: the null label).
 */
@RestController
@RequestMapping("/_emulator/policy")
class CallerPolicyAdminController {

    record RevokeRequest(String reason) {
    }

    private final CallerPolicyKeys policy;

    CallerPolicyAdminController(CallerPolicyKeys policy) {
        this.policy = policy;
    }

    @GetMapping("/revocations")
    Map<String, Object> revocations(@RequestParam(required = false) String label) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prefix", policy.prefix());
        out.put("label", KeyValueStore.normalizeLabel(label));
        out.put("sentinel", policy.sentinel(label).orElse(null));
        out.put("revocations", policy.revocations(label));
        return out;
    }

    @PutMapping("/revocations/{kind}/{id}")
    Map<String, Object> revoke(@PathVariable String kind, @PathVariable String id, @RequestParam(required = false) String label,
            @RequestBody(required = false) RevokeRequest request) {
        return badRequestOnIllegalArgument(() -> {
            CallerPolicyKeys.Kind k = CallerPolicyKeys.Kind.parse(kind);
            String version = policy.revoke(k, id, request == null ? null : request.reason(), label);
            return answer(k, id, "revoked", true, version);
        });
    }

    @DeleteMapping("/revocations/{kind}/{id}")
    Map<String, Object> restore(@PathVariable String kind, @PathVariable String id, @RequestParam(required = false) String label) {
        return badRequestOnIllegalArgument(() -> {
            CallerPolicyKeys.Kind k = CallerPolicyKeys.Kind.parse(kind);
            Optional<String> version = policy.restore(k, id, label);
            return answer(k, id, "restored", version.isPresent(), version.orElse(null));
        });
    }

    @PostMapping("/sentinel")
    Map<String, Object> bump(@RequestParam(required = false) String label) {
        return Map.of("policyVersion", policy.bumpSentinel(label));
    }

    private static Map<String, Object> answer(CallerPolicyKeys.Kind kind, String id, String outcome, boolean changed, String version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        out.put("id", id);
        out.put(outcome, changed);
        out.put("policyVersion", version);
        return out;
    }

    private static <T> T badRequestOnIllegalArgument(Supplier<T> action) {
        try {
            return action.get();
        }
        catch (IllegalArgumentException ex) {
            throw ApiException.azure(HttpStatus.BAD_REQUEST, "BadRequest", ex.getMessage());
        }
    }
}
