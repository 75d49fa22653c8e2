package io.github.apimoauth.backend.auth;

import io.github.apimoauth.backend.web.JsonResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall}, with the same rules, two changes:
 * <ul>
 * <li>Header names and values are checked by {@link #isAllowedHeaderValue}/{@link #isAllowedHeaderName}, loops with
 * the firewall's own rule, instead of its regular expressions. The regex walked the 1.5 KB bearer token character by
 * character each time a filter read the Authorization header (three times per request): a quarter of the backend's
 * CPU samples under load (JFR, bench/README.md).</li>
 * <li>A rejected request gets the API's 400 problem+json, not an empty body.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FirewallConfiguration.class);

    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(FirewallConfiguration::isAllowedHeaderName);
        firewall.setAllowedHeaderValues(FirewallConfiguration::isAllowedHeaderValue);
        return firewall;
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonResponses responses) {
        return (request, response, rejected) -> {
            // At DEBUG, as Spring Security's own handler logs it: anyone can send these by the thousand. The message may
            // quote the request's own text; the class is enough to tell the cases apart.
            log.debug("Request rejected by the firewall: {}", rejected.getClass().getSimpleName());
            responses.writeError(request, response, 400, "bad_request", "The request was rejected: it is not a valid HTTP request.");
        };
    }

    /** StrictHttpFirewall's header-value rule, {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}, as a loop. */
    static boolean isAllowedHeaderValue(String value) {
        return allowed(value, true);
    }

    /** StrictHttpFirewall's header-name rule, {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, as a loop. */
    static boolean isAllowedHeaderName(String name) {
        return allowed(name, false);
    }

    private static boolean allowed(String text, boolean tab) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c < 0x7F) {
                // ASCII: the controls are below 0x20 (0x7F itself is a control, checked below).
                if (c < 0x20 && !(tab && c == '\t')) {
                    return false;
                }
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
