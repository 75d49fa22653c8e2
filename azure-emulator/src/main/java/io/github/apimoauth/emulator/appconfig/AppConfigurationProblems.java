package io.github.apimoauth.emulator.appconfig;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.apimoauth.emulator.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * App Configuration's refusals: RFC 9457 problem details ({@code application/problem+json}) with the service's
 * fields, type, title, name, detail and status. The service documents the types invalid-argument and key-locked; the
 * others carry no type, which RFC 9457 reads as about:blank.
 */
final class AppConfigurationProblems {

    static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

    private AppConfigurationProblems() {
    }

    static ApiException problem(HttpStatus status, String type, String title, String name, String detail, HttpHeaders extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (type != null) {
            body.put("type", "https://azconfig.io/errors/" + type);
        }
        body.put("title", title);
        if (name != null) {
            body.put("name", name);
        }
        body.put("detail", detail);
        body.put("status", status.value());
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(extra);
        headers.set(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
        return new ApiException(status, body, headers);
    }

    static ApiException invalidArgument(String name, String detail) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-argument", "Invalid request parameter '" + name + "'", name, detail,
                new HttpHeaders());
    }

    static ApiException forbidden(String oid, AppConfigurationRoleAssignments.Action action) {
        return problem(HttpStatus.FORBIDDEN, null, "Forbidden", null, "The principal '" + oid + "' does not have the "
                + "required permission '" + action.id() + "' on this configuration store: assign it App Configuration Data "
                + (action == AppConfigurationRoleAssignments.Action.READ ? "Reader or " : "") + "Owner.", new HttpHeaders());
    }

    static ApiException keyLocked(String key) {
        return problem(HttpStatus.CONFLICT, "key-locked", "Modifying key '" + key + "' is not allowed", key,
                "The key is read-only. To allow modification unlock it first.", new HttpHeaders());
    }

    static ApiException notFound(String key, String label) {
        return problem(HttpStatus.NOT_FOUND, null, "Not Found", key, "No key-value '" + key + "' with "
                + (label == null ? "no label" : "label '" + label + "'") + " in this configuration store.", new HttpHeaders());
    }

    static ApiException preconditionFailed(String header, String detail) {
        return problem(HttpStatus.PRECONDITION_FAILED, null, "Precondition Failed", header, detail, new HttpHeaders());
    }

    static ApiException notEmulated(String feature) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-argument", "Not supported by the emulator", feature,
                feature + " is not emulated: the emulator keeps no key-value revisions or snapshots.", new HttpHeaders());
    }
}
