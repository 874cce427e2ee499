package io.teamchat.gateway.socket;

import com.fasterxml.jackson.databind.JsonNode;
import io.teamchat.common.problem.Problem;
import java.util.List;
import java.util.UUID;

/** Reads fields of a client event payload, collecting field errors instead of throwing. */
public final class Payloads {

    private Payloads() {}

    /** A required UUID string field; null (and an error added) when missing or not a UUID. */
    public static UUID uuid(JsonNode data, String field, List<Problem.FieldError> errors) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            errors.add(new Problem.FieldError(field, "is required"));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a UUID string"));
            return null;
        }
        try {
            return UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(field, "must be a UUID string"));
            return null;
        }
    }

    /** An optional UUID string field; null when absent, an error when present but not a UUID string. */
    public static UUID optionalUuid(JsonNode data, String field, List<Problem.FieldError> errors) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : uuid(data, field, errors);
    }

    /** An optional string field; null when absent, an error when present but not a string. */
    public static String optionalText(JsonNode data, String field, List<Problem.FieldError> errors) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a string"));
            return null;
        }
        return value.asText();
    }
}
