package io.github.apimoauth.entra;

import java.io.IOException;
import java.net.URL;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;

/**
 * The HTTP fetches of a tenant's keys document, counted where they happen: around the retriever Nimbus' cache calls,
 * so cache hits, rate-limited refetches and the outage cache count nothing. Counts only, no Micrometer here: a service
 * binds them as meters (azure-clients' JwksMeters).
 */
public final class FetchCounts implements ResourceRetriever {

    private final ResourceRetriever retriever;

    private final AtomicLong succeeded = new AtomicLong();

    private final AtomicLong failed = new AtomicLong();

    private final AtomicLong lastSucceededAt = new AtomicLong();

    FetchCounts(ResourceRetriever retriever) {
        this.retriever = retriever;
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        try {
            Resource resource = retriever.retrieveResource(url);
            succeeded.incrementAndGet();
            lastSucceededAt.set(System.currentTimeMillis());
            return resource;
        }
        catch (IOException | RuntimeException ex) {
            failed.incrementAndGet();
            throw ex;
        }
    }

    /** Fetches that returned a document. */
    public long succeeded() {
        return succeeded.get();
    }

    /** Fetches that failed: transport, timeout or an answer other than 200. */
    public long failed() {
        return failed.get();
    }

    long lastSucceededAtMillis() {
        return lastSucceededAt.get();
    }
}
