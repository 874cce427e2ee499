package io.teamchat.room.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times at the precision PostgreSQL stores, so a view built before and after a round trip shows the same value. */
public final class Timestamps {

    private Timestamps() {}

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
