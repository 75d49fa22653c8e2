package io.github.apimoauth.entra.policy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The store's key-values read into a policy, and every way a document is refused: whole, naming the key and why. */
class CallerPolicyDocumentTest {

    private static final String PREFIX = "apim-oauth:policy:";

    private static final String APP = "b3116a01-1552-4498-9c17-e9aa271d0487";

    private static final String OTHER_APP = "0d7f1c3e-52a4-4b8e-9a61-3f2d0c7b9e15";

    private static final String PRINCIPAL = "6c1f0e2a-9b3d-4f5e-8a7c-1d2e3f4a5b6c";

    private static final String TENANT = "28732aa9-1423-4e89-87fa-81c11b81002b";

    private static final String UTI = "AbC-12_xYz0aBcDeFgHiJk";

    private static Map<String, String> document(String... keyValues) {
        Map<String, String> document = new LinkedHashMap<>();
        document.put(PREFIX + "sentinel", "\"2026-12-01.3\"");
        for (int i = 0; i < keyValues.length; i += 2) {
            document.put(PREFIX + keyValues[i], keyValues[i + 1]);
        }
        return document;
    }

    @Test
    void parseWhenEveryKeyPresentThenEveryFactReadWithGuidsLowerCased() throws Exception {
        CallerPolicy policy = CallerPolicyDocument.parse(document(
                "revoked-application:" + APP.toUpperCase(), "{\"reason\": \"leaked secret, INC-42\"}",
                "revoked-principal:" + PRINCIPAL, "{}",
                "revoked-token:" + UTI, "{\"reason\": \"stolen\"}",
                "tokens-issued-before:" + OTHER_APP, "{\"before\": \"2026-12-01T10:00:00Z\"}",
                "role-restriction:" + OTHER_APP, "{\"roles\": [\"Backend.Read\", \"Backend.Read\"], \"reason\": \"read only\"}",
                "gateway:client-application-ids", "[\"" + OTHER_APP.toUpperCase() + "\"]",
                "backend:allowed-tenants", "[\"" + TENANT + "\"]",
                "backend:allowed-applications", " [ \"" + OTHER_APP + "\", \"" + APP + "\" ] ",
                "backend:allowed-principals", "[\"" + PRINCIPAL + "\"]"), PREFIX);

        assertThat(policy).isEqualTo(new CallerPolicy("2026-12-01.3",
                Map.of(APP, new CallerPolicy.Revocation("leaked secret, INC-42")),
                Map.of(PRINCIPAL, new CallerPolicy.Revocation(null)),
                Map.of(UTI, new CallerPolicy.Revocation("stolen")),
                Map.of(OTHER_APP, new CallerPolicy.IssuedBefore(Instant.parse("2026-12-01T10:00:00Z"), null)),
                Map.of(OTHER_APP, new CallerPolicy.RoleRestriction(Set.of("Backend.Read"), "read only")),
                new Allowlists(Optional.of(Set.of(OTHER_APP)), Optional.of(Set.of(TENANT)), Optional.of(Set.of(OTHER_APP, APP)),
                        Optional.of(Set.of(PRINCIPAL)))));
    }

    @Test
    void parseWhenOnlySentinelThenItsVersionAndNothingElse() throws Exception {
        CallerPolicy policy = CallerPolicyDocument.parse(Map.of(PREFIX + "sentinel", "42"), PREFIX);

        assertThat(policy).isEqualTo(new CallerPolicy("42", Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Allowlists.NONE));
    }

    static Stream<Arguments> malformed() {
        String app = "revoked-application:" + APP;
        return Stream.of(
                arguments("unknown kind", document("revoked-app:" + APP, "{}"), "revoked-app:" + APP, "is not a caller policy key"),
                arguments("unknown list", document("gateway:allowed-tenants", "[\"" + TENANT + "\"]"), "gateway:allowed-tenants",
                        "is not a caller policy key"),
                arguments("sentinel with an id", document("sentinel:x", "\"1\""), "sentinel:x", "is not a caller policy key"),
                arguments("id not a GUID", document("revoked-application:frontend", "{}"), "revoked-application:frontend",
                        "must end in a GUID"),
                arguments("id missing", document("revoked-principal:", "{}"), "revoked-principal:", "must end in a GUID"),
                arguments("GUID braced", document("role-restriction:{" + APP + "}", "{\"roles\": [\"R\"]}"),
                        "role-restriction:{" + APP + "}", "must end in a GUID"),
                arguments("uti not base64url", document("revoked-token:abc+def/", "{}"), "revoked-token:abc+def/", "must end in a uti"),
                arguments("uti too long", document("revoked-token:" + "a".repeat(65), "{}"), "revoked-token:" + "a".repeat(65),
                        "must end in a uti"),
                arguments("list entry not a GUID", document("backend:allowed-tenants", "[\"common\"]"), "backend:allowed-tenants",
                        "every entry must be a GUID string"),
                arguments("list entry not a string", document("backend:allowed-principals", "[42]"), "backend:allowed-principals",
                        "every entry must be a GUID string"),
                arguments("not JSON", document(app, "{\"reason\": \"x\""), app, "is not one valid JSON value"),
                arguments("trailing garbage", document(app, "{\"reason\": \"x\"} x"), app, "is not one valid JSON value"),
                arguments("two values", document(app, "{} {}"), app, "is not one valid JSON value"),
                arguments("duplicate field", document(app, "{\"reason\": \"a\", \"reason\": \"b\"}"), app, "is not one valid JSON value"),
                arguments("no value", document(app, null), app, "has no value"),
                arguments("blank value", document(app, " "), app, "has no value"),
                arguments("revocation not an object", document(app, "[]"), app, "must be a JSON object"),
                arguments("unknown field", document(app, "{\"because\": \"x\"}"), app, "has an unknown field 'because'"),
                arguments("reason not a string", document(app, "{\"reason\": 5}"), app, "reason must be a non-blank JSON string"),
                arguments("reason null", document(app, "{\"reason\": null}"), app, "reason must be a non-blank JSON string"),
                arguments("reason forging a log line", document(app, "{\"reason\": \"a\\nINFO allowed\"}"), app,
                        "without control characters"),
                arguments("cut-off without before", document("tokens-issued-before:" + APP, "{}"), "tokens-issued-before:" + APP,
                        "lacks the field 'before'"),
                arguments("cut-off not an instant", document("tokens-issued-before:" + APP, "{\"before\": \"yesterday\"}"),
                        "tokens-issued-before:" + APP, "before must be an ISO-8601 instant"),
                arguments("cut-off a date only", document("tokens-issued-before:" + APP, "{\"before\": \"2026-12-01\"}"),
                        "tokens-issued-before:" + APP, "before must be an ISO-8601 instant"),
                arguments("cut-off a number", document("tokens-issued-before:" + APP, "{\"before\": 1764583200}"),
                        "tokens-issued-before:" + APP, "before must be a non-blank JSON string"),
                arguments("roles missing", document("role-restriction:" + APP, "{\"reason\": \"x\"}"), "role-restriction:" + APP,
                        "lacks the field 'roles'"),
                arguments("roles empty", document("role-restriction:" + APP, "{\"roles\": []}"), "role-restriction:" + APP,
                        "roles must list at least one entry"),
                arguments("roles a string", document("role-restriction:" + APP, "{\"roles\": \"Backend.Read\"}"),
                        "role-restriction:" + APP, "roles must be a JSON array"),
                arguments("allowlist empty", document("backend:allowed-applications", "[]"), "backend:allowed-applications",
                        "must list at least one entry"),
                arguments("allowlist not a list", document("gateway:client-application-ids", "\"" + APP + "\""),
                        "gateway:client-application-ids", "must be a JSON array"),
                arguments("same id in two cases", document(app, "{}", "revoked-application:" + APP.toUpperCase(), "{}"),
                        app, "names the same id as another key"),
                arguments("sentinel not JSON", Map.of(PREFIX + "sentinel", "2026-12-01.3"), "sentinel", "is not one valid JSON value"),
                arguments("sentinel blank string", Map.of(PREFIX + "sentinel", "\"\""), "sentinel", "must be the policy version"),
                arguments("sentinel with a space", Map.of(PREFIX + "sentinel", "\"v 2\""), "sentinel", "must be the policy version"),
                arguments("sentinel an object", Map.of(PREFIX + "sentinel", "{\"v\": 1}"), "sentinel", "must be the policy version"),
                arguments("sentinel missing", Map.of(PREFIX + "revoked-application:" + APP, "{}"), "sentinel", "is missing"),
                arguments("empty document", Map.of(), "sentinel", "is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void parseWhenDocumentMalformedThenRefusedNamingKeyAndReason(String name, Map<String, String> document, String key, String reason) {
        MalformedPolicyException refused = catchThrowableOfType(MalformedPolicyException.class,
                () -> CallerPolicyDocument.parse(document, PREFIX));

        assertThat(refused).as(name).isNotNull();
        assertThat(refused.key()).isEqualTo(PREFIX + key);
        assertThat(refused.reason()).contains(reason);
        assertThat(refused.getMessage()).isEqualTo(PREFIX + key + ": " + refused.reason());
    }

    @Test
    void parseWhenKeyOutsideThePrefixThenRefusedNamingIt() {
        Map<String, String> document = new HashMap<>(document());
        document.put("other-app:setting", "{}");

        MalformedPolicyException refused = catchThrowableOfType(MalformedPolicyException.class,
                () -> CallerPolicyDocument.parse(document, PREFIX));

        assertThat(refused.key()).isEqualTo("other-app:setting");
        assertThat(refused.reason()).isEqualTo("is not under the policy prefix " + PREFIX);
    }

    @Test
    void parseWhenSeveralKeysBadThenTheFirstInKeyOrderNamed() {
        Map<String, String> document = document("revoked-token:bad+uti", "{}", "revoked-application:bad", "{}");

        MalformedPolicyException refused = catchThrowableOfType(MalformedPolicyException.class,
                () -> CallerPolicyDocument.parse(document, PREFIX));

        assertThat(refused.key()).isEqualTo(PREFIX + "revoked-application:bad");
    }
}
