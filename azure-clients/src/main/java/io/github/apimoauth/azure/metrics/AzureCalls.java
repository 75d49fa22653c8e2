package io.github.apimoauth.azure.metrics;

import java.util.Locale;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;

/**
 * {@code azure.calls{dependency, outcome}}: every HTTP call an Azure SDK client of a service makes, counted on the
 * client's {@link HttpClient}, so each attempt of a retry counts and no call escapes (the credential's token requests
 * included). Outcomes: {@code success} (2xx, 3xx), {@code client_error} (4xx; Key Vault's first call of a client is a
 * 401 challenge by design), {@code server_error} (5xx), {@code error} (no answer: transport failure or timeout).
 */
public final class AzureCalls {

    /** The meter's name. */
    public static final String NAME = "azure.calls";

    /** The Azure endpoints a service calls, as the {@code dependency} tag names them. */
    public enum Dependency {
        /** The managed-identity endpoint (IDENTITY_ENDPOINT) or Entra, for the service's own tokens. */
        IDENTITY,
        /** Key Vault's secrets. */
        KEY_VAULT,
        /** App Configuration, the caller policy's store. */
        APP_CONFIGURATION;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter success;

    private final Counter clientError;

    private final Counter serverError;

    private final Counter error;

    private AzureCalls(MeterRegistry registry, Dependency dependency) {
        this.success = counter(registry, dependency, "success");
        this.clientError = counter(registry, dependency, "client_error");
        this.serverError = counter(registry, dependency, "server_error");
        this.error = counter(registry, dependency, "error");
    }

    private static Counter counter(MeterRegistry registry, Dependency dependency, String outcome) {
        return Counter.builder(NAME).description("HTTP calls of the service's Azure SDK clients, each attempt of a retry included")
            .tag("dependency", dependency.tag()).tag("outcome", outcome).register(registry);
    }

    /** The client counting its calls in the registry, when the service has one (actuator); else the client itself. */
    public static HttpClient metered(HttpClient client, Dependency dependency, ObjectProvider<MeterRegistry> registry) {
        MeterRegistry meters = registry == null ? null : registry.getIfAvailable();
        return meters == null ? client : metered(client, dependency, meters);
    }

    static HttpClient metered(HttpClient client, Dependency dependency, MeterRegistry registry) {
        return new Metered(client, new AzureCalls(registry, dependency));
    }

    private void answered(int status) {
        (status >= 500 ? serverError : status >= 400 ? clientError : success).increment();
    }

    /** The SDK's HTTP client with each answer or failure counted; everything else is the wrapped client's. */
    private record Metered(HttpClient client, AzureCalls calls) implements HttpClient {

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            return count(client.send(request));
        }

        @Override
        public Mono<HttpResponse> send(HttpRequest request, Context context) {
            return count(client.send(request, context));
        }

        @Override
        public HttpResponse sendSync(HttpRequest request, Context context) {
            HttpResponse response;
            try {
                response = client.sendSync(request, context);
            }
            catch (RuntimeException ex) {
                calls.error.increment();
                throw ex;
            }
            calls.answered(response.getStatusCode());
            return response;
        }

        private Mono<HttpResponse> count(Mono<HttpResponse> response) {
            return response.doOnNext(r -> calls.answered(r.getStatusCode())).doOnError(ex -> calls.error.increment());
        }
    }
}
