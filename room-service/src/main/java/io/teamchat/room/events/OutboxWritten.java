package io.teamchat.room.events;

/** Fired (as a CDI event) when a transaction wrote to the outbox, so that {@link OutboxRelay} runs once it commits. */
record OutboxWritten() {}
