package io.github.apimoauth.emulator.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/** Outages injected through the admin API: for a given time, a target answers 503 or hangs. */
@Component
public class Faults {

    public enum Target {
        /** The App Service and IMDS token endpoints. */
        MANAGED_IDENTITY,
        /** The OIDC discovery and JWKS documents. */
        OPENID,
        /** Every Key Vault operation. */
        KEY_VAULT,
        /** Every App Configuration operation. */
        APP_CONFIGURATION,
        /** Application Insights' ingestion endpoint (track). */
        APPLICATION_INSIGHTS
    }

    public enum Mode {
        /** Answer 503 at once. */
        UNAVAILABLE,
        /** Answer nothing until the fault ends, then 503, as a dependency that stopped responding. */
        HANG
    }

    public record Fault(Target target, Mode mode, Instant until) {
    }

    private static final Logger log = LoggerFactory.getLogger(Faults.class);

    private final Map<Target, Fault> active = new EnumMap<>(Target.class);

    private final Clock clock = Clock.systemUTC();

    public synchronized Fault inject(Target target, Mode mode, Duration duration) {
        Fault fault = new Fault(target, mode, clock.instant().plus(duration));
        active.put(target, fault);
        log.warn("Injected fault: {} {} until {}", target, mode, fault.until());
        return fault;
    }

    public synchronized Optional<Fault> active(Target target) {
        Fault fault = active.get(target);
        if (fault != null && !clock.instant().isBefore(fault.until())) {
            active.remove(target);
            return Optional.empty();
        }
        return Optional.ofNullable(fault);
    }

    public synchronized void clear() {
        active.clear();
        log.info("Cleared all injected faults");
    }

    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Target target : Target.values()) {
            active(target).ifPresent(f -> out.put(target.name(), Map.of("mode", f.mode().name(), "until", f.until().toString())));
        }
        return out;
    }
}
