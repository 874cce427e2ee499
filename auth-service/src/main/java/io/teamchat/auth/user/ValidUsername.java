package io.teamchat.auth.user;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** 3-50 characters from {@code [A-Za-z0-9_.-]}; null passes (add {@code @NotNull} where required). */
@Documented
@Size(min = 3, max = 50) @Pattern(regexp = "[A-Za-z0-9_.-]*") @ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface ValidUsername {

    String message() default "must be 3-50 characters of letters, digits, '_', '.' or '-'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
