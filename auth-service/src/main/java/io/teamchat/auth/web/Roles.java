package io.teamchat.auth.web;

/** The groups an access token can carry. */
public final class Roles {

    public static final String USER = "user";
    public static final String ADMIN = "admin";

    private Roles() {}
}
