package io.teamchat.auth.keys;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

/**
 * Verifies access tokens with auth-service's own in-memory public key instead of
 * {@code mp.jwt.verify.publickey.location}:
 * the other services fetch the JWKS from here, but auth-service must not depend on reaching its own URL (its port is
 * random in tests, and it may not be serving yet). Issuer, expiry and algorithm checks stay those of smallrye-jwt.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class OwnKeyPrincipalFactory extends JWTCallerPrincipalFactory {

    private final DefaultJWTCallerPrincipalFactory delegate = new DefaultJWTCallerPrincipalFactory();

    @Inject
    SigningKeys keys;

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        return delegate.parse(token, withOwnKey(authContextInfo));
    }

    /** A copy (cheap next to the RSA verification) so the configured context is never changed. */
    private JWTAuthContextInfo withOwnKey(JWTAuthContextInfo configured) {
        JWTAuthContextInfo context = new JWTAuthContextInfo(configured);
        context.setPublicKeyLocation(null);
        context.setPublicKeyContent(null);
        context.setPublicVerificationKey(keys.active().publicKey());
        return context;
    }
}
