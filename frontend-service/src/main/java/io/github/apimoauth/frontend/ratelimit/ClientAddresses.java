package io.github.apimoauth.frontend.ratelimit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which address a request counts against. Each trusted proxy appends the address it received the request from to
 * X-Forwarded-For, so with {@code n} trusted proxies the client is the {@code n}-th entry from the right: the Container
 * Apps ingress writes the right-most one and passes on whatever the client wrote to the left of it. The left-most entry
 * is the client's own claim and never decides anything.
 * <p>
 * When the header holds fewer entries than there are trusted proxies, or the entry is not an address, the request did
 * not come through them all (a platform probe, a call from inside the environment): the connection's peer counts.
 */
final class ClientAddresses {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    /** An IPv4 or IPv6 address as a proxy writes it, bounded so the bucket keys stay small. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:\\[\\]]{2,47}");

    private final int trustedProxies;

    ClientAddresses(int trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (trustedProxies == 0) {
            return peer;
        }
        List<String> entries = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders(X_FORWARDED_FOR))) {
            for (String entry : header.split(",", -1)) {
                entries.add(entry.strip());
            }
        }
        if (entries.size() < trustedProxies) {
            return peer;
        }
        String client = entries.get(entries.size() - trustedProxies);
        return ADDRESS.matcher(client).matches() ? client : peer;
    }
}
