package io.teamchat.auth.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One row of the append-only audit log; ids are UUIDv7, so their order is the order of events. */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false, length = 64)
    public String action;

    /** Who did it; null when nobody is signed in (a failed login). */
    @Column(name = "actor_id")
    public UUID actorId;

    /** The account it was done to, when there is one. */
    @Column(name = "target_id")
    public UUID targetId;

    @Column(length = 64)
    public String address;

    @Column(length = 500)
    public String detail;
}
