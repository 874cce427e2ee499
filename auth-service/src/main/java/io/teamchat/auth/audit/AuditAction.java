package io.teamchat.auth.audit;

/** What the audit log records; {@link #code} is what is stored and shown. */
public enum AuditAction {
    LOGIN_SUCCEEDED("login.succeeded"),
    LOGIN_FAILED("login.failed"),
    REFRESH_REUSED("refresh.reused"),
    ADMIN_GRANTED("admin.granted"),
    ADMIN_REVOKED("admin.revoked"),
    ACCOUNT_DISABLED("account.disabled"),
    ACCOUNT_ENABLED("account.enabled");

    public final String code;

    AuditAction(String code) {
        this.code = code;
    }
}
