package io.github.apimoauth.emulator.counters;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * What the emulator served, so the services' tests can prove their caching: token requests per identity and
 * resource, discovery and JWKS fetches, Key Vault reads per secret, App Configuration reads, 304s and writes per key,
 * and Application Insights ingestion requests per answered status with the telemetry items accepted per envelope name.
 */
@Component
public class Counters {

    private final ConcurrentMap<String, ConcurrentMap<String, LongAdder>> tokenRequests = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, LongAdder> discoveryFetches = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, LongAdder> jwksFetches = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, LongAdder> keyVaultReads = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, LongAdder> keyVaultWrites = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, LongAdder> appConfigurationReads = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, LongAdder> appConfigurationNotModified = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, LongAdder> appConfigurationWrites = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, LongAdder> applicationInsightsRequests = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, LongAdder> applicationInsightsItems = new ConcurrentHashMap<>();

    public void tokenRequest(String identity, String resource) {
        tokenRequests.computeIfAbsent(identity, k -> new ConcurrentHashMap<>()).computeIfAbsent(resource, k -> new LongAdder()).increment();
    }

    /** Keyed by document path, for example {tid}/v2.0. */
    public void discoveryFetch(String document) {
        discoveryFetches.computeIfAbsent(document, k -> new LongAdder()).increment();
    }

    public void jwksFetch(String document) {
        jwksFetches.computeIfAbsent(document, k -> new LongAdder()).increment();
    }

    public void keyVaultRead(String secret) {
        keyVaultReads.computeIfAbsent(secret, k -> new LongAdder()).increment();
    }

    public void keyVaultWrite(String secret) {
        keyVaultWrites.computeIfAbsent(secret, k -> new LongAdder()).increment();
    }

    /** A read answered with the key-value (or page); keyed by key, or by "list:{key filter}" for a listing. */
    public void appConfigurationRead(String key) {
        appConfigurationReads.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** A conditional read answered 304, which costs the client no body: how a sentinel is watched. */
    public void appConfigurationNotModified(String key) {
        appConfigurationNotModified.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** A set, delete, lock or unlock, by key. */
    public void appConfigurationWrite(String key) {
        appConfigurationWrites.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** A track request, by the status it was answered with (200, 206, 400, 401, 403, 413, 415). */
    public void applicationInsightsRequest(int status) {
        applicationInsightsRequests.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).increment();
    }

    /** Telemetry items accepted, by envelope name, for example Metric (the exporter's name for a metric). */
    public void applicationInsightsItems(String envelopeName, int accepted) {
        applicationInsightsItems.computeIfAbsent(envelopeName, k -> new LongAdder()).add(accepted);
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> tokens = new TreeMap<>();
        tokenRequests.forEach((identity, byResource) -> tokens.put(identity, sums(byResource)));
        Map<String, Object> out = new TreeMap<>();
        out.put("tokenRequests", tokens);
        out.put("discoveryFetches", sums(discoveryFetches));
        out.put("jwksFetches", sums(jwksFetches));
        out.put("keyVaultReads", sums(keyVaultReads));
        out.put("keyVaultWrites", sums(keyVaultWrites));
        out.put("appConfigurationReads", sums(appConfigurationReads));
        out.put("appConfigurationNotModified", sums(appConfigurationNotModified));
        out.put("appConfigurationWrites", sums(appConfigurationWrites));
        out.put("applicationInsightsRequests", sums(applicationInsightsRequests));
        out.put("applicationInsightsItems", sums(applicationInsightsItems));
        return out;
    }

    public void reset() {
        tokenRequests.clear();
        discoveryFetches.clear();
        jwksFetches.clear();
        keyVaultReads.clear();
        keyVaultWrites.clear();
        appConfigurationReads.clear();
        appConfigurationNotModified.clear();
        appConfigurationWrites.clear();
        applicationInsightsRequests.clear();
        applicationInsightsItems.clear();
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
