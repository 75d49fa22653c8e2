package io.github.apimoauth.frontend.greeting;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints users {@code curl}. Input is validated by Spring MVC's built-in method validation before anything
 * else happens; refusals and failures become JSON in {@link ApiErrorHandler}.
 */
@RestController
@RequestMapping(path = "/api/greeting", produces = MediaType.APPLICATION_JSON_VALUE)
class GreetingController {

    private final GreetingService greetings;

    GreetingController(GreetingService greetings) {
        this.greetings = greetings;
    }

    @GetMapping
    GreetingResponse get(@RequestParam @GreetingName String name) {
        return greetings.get(name);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    GreetingResponse post(@Valid @RequestBody GreetingInput input) {
        return greetings.post(input);
    }
}
