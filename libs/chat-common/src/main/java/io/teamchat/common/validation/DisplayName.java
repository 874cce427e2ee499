package io.teamchat.common.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A name other users read and trust (room names): no control characters (NUL included), no bidirectional
 * overrides, embeddings or isolates (U+202A-U+202E, U+2066-U+2069, U+200E/F, U+061C), which can make "gnp.exe" read
 * as "exe.png", and no zero-width or invisible characters (U+200B-U+200D, U+2060-U+2064, U+FEFF, U+00AD, U+180E),
 * which make two names that look the same differ. Null passes.
 */
@Documented
@Pattern(regexp = DisplayName.ALLOWED) @ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface DisplayName {

    String ALLOWED = "[^\\x00-\\x1F\\x7F\\u00AD\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064"
            + "\\u2066-\\u2069\\uFEFF]*";

    String message() default "must not contain control, bidirectional-override or invisible characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
