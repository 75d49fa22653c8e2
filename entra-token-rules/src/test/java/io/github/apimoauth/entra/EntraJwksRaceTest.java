package io.github.apimoauth.entra;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first requests of a replica race the first load of the keys: a request that finds the document already cached by
 * the loading thread, before that thread has built its verifiers, must still find the token's key (it was refused once
 * in CI). Races are not deterministic, so the test runs the first load many times, each on a fresh key holder.
 */
class EntraJwksRaceTest {

    private static final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        threads.shutdownNow();
    }

    @Test
    void fetchVerifiersWhenAnotherThreadIsLoadingTheFirstDocumentThenFindsTheKey() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JWKSet document = new JWKSet(key.toPublicJWK());
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build();
        for (int round = 0; round < 2_000; round++) {
            EntraJwks jwks = new EntraJwks("https://login.invalid/keys", JWKSourceBuilder.create(inMemory(document)),
                    JwksSettings.defaults());
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<Integer> loading = CompletableFuture.supplyAsync(() -> {
                await(start);
                try {
                    return jwks.load();
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }, threads);
            CompletableFuture<Map<String, RSASSAVerifier>> request = CompletableFuture.supplyAsync(() -> {
                await(start);
                try {
                    return jwks.fetchVerifiers(header);
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }, threads);

            assertThat(loading.get()).isEqualTo(1);
            assertThat(request.get()).as("round %d", round).containsOnlyKeys("k1");
            jwks.close();
        }
    }

    private static JWKSetSource<SecurityContext> inMemory(JWKSet document) {
        return new JWKSetSource<>() {
            @Override
            public JWKSet getJWKSet(com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator evaluator, long now,
                    SecurityContext context) {
                return document;
            }

            @Override
            public void close() {
            }
        };
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
