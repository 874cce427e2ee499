package io.teamchat.auth.keys;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Publishes the token verification keys; every service verifies access tokens with them. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    /** Verifiers may cache this long; a future key rotation must keep the old key published at least as long. */
    private static final String CACHE_CONTROL = "public, max-age=300";

    @Inject
    SigningKeys keys;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return Response.ok(keys.jwks())
                .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .build();
    }
}
