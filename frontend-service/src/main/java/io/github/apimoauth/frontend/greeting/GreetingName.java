package io.github.apimoauth.frontend.greeting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A name to greet: 1 to 64 letters, digits, spaces, or . ' -. Checked here so bad input never costs a token, a
 * vault read or a gateway call, and never reaches a log line or a downstream query string unchecked.
 */
@Documented
@Constraint(validatedBy = {})
@Target({ ElementType.PARAMETER, ElementType.FIELD, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@NotNull
@Pattern(regexp = "[\\p{L}\\p{M}0-9 .'-]{1,64}")
@ReportAsSingleViolation
@interface GreetingName {

    String message() default "must be 1 to 64 letters, digits, spaces, or . ' -";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
