package io.github.apimoauth.backend.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a correlation id, before security runs so refusals carry it too: the trace id of a W3C
 * traceparent, else x-correlation-id or x-request-id, else a new one. It goes to the MDC, to the response header and
 * to every JSON body, so a caller can match its call to each hop's log line.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationId extends OncePerRequestFilter {

    public static final String HEADER = "x-correlation-id";

    private static final String ATTRIBUTE = CorrelationId.class.getName();

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");

    private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");

    /** The current request's id; "none" outside a request. */
    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? "none" : id.toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = resolve(request);
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        MDC.put("correlationId", id);
        try {
            chain.doFilter(request, response);
        }
        finally {
            MDC.remove("correlationId");
        }
    }

    private static String resolve(HttpServletRequest request) {
        String traceparent = request.getHeader("traceparent");
        if (traceparent != null) {
            var matcher = TRACEPARENT.matcher(traceparent.trim());
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        for (String header : new String[] { HEADER, "x-request-id" }) {
            String value = request.getHeader(header);
            // Only well-formed ids are echoed: a header value must not inject text into logs or responses.
            if (value != null && SAFE.matcher(value).matches()) {
                return value;
            }
        }
        return UUID.randomUUID().toString();
    }
}
