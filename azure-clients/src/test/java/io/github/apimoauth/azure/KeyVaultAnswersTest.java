package io.github.apimoauth.azure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class KeyVaultAnswersTest {

    private static HttpResponse answer(int status) {
        return new HttpResponse(new HttpRequest(HttpMethod.GET, "https://vault.example/secrets/s")) {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            @Deprecated
            public String getHeaderValue(String name) {
                return null;
            }

            @Override
            public HttpHeaders getHeaders() {
                return new HttpHeaders();
            }

            @Override
            public Flux<ByteBuffer> getBody() {
                return Flux.empty();
            }

            @Override
            public Mono<byte[]> getBodyAsByteArray() {
                return Mono.empty();
            }

            @Override
            public Mono<String> getBodyAsString() {
                return Mono.empty();
            }

            @Override
            public Mono<String> getBodyAsString(Charset charset) {
                return Mono.empty();
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 403, 404, 409 })
    void isRefusalWhenVaultRefusesThenTheValueIsGone(int status) {
        assertThat(KeyVaultAnswers.isRefusal(new HttpResponseException("refused", answer(status)))).isTrue();
        assertThat(KeyVaultAnswers.isRefusal(new ResourceNotFoundException("gone", answer(status)))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = { 408, 429, 500, 503 })
    void isRefusalWhenVaultHasAnOutageThenTheLastValueMayStay(int status) {
        assertThat(KeyVaultAnswers.isRefusal(new HttpResponseException("outage", answer(status)))).isFalse();
        assertThat(KeyVaultAnswers.status(new HttpResponseException("outage", answer(status)))).isEqualTo(status);
    }

    @Test
    void isRefusalWhenNoAnswerThenTheLastValueMayStay() {
        assertThat(KeyVaultAnswers.isRefusal(new IOException("connection reset"))).isFalse();
        assertThat(KeyVaultAnswers.isRefusal(new HttpResponseException("no response", null))).isFalse();
        assertThat(KeyVaultAnswers.status(new IOException("connection reset"))).isNull();
    }
}
