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
import java.security.interfaces.RSAPublicKey;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

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
        RSAPublicKey key = keys.verificationKey(kidOf(token))
                .orElseThrow(() -> new ParseException("the token's key id is not one of ours"));
        return delegate.parse(token, withKey(authContextInfo, key));
    }

    /** A copy (cheap next to the RSA verification) so the configured context is never changed. */
    private static JWTAuthContextInfo withKey(JWTAuthContextInfo configured, RSAPublicKey key) {
        JWTAuthContextInfo context = new JWTAuthContextInfo(configured);
        context.setPublicKeyLocation(null);
        context.setPublicKeyContent(null);
        context.setPublicVerificationKey(key);
        return context;
    }

    /** The header's {@code kid}, read before any verification only to choose the key to verify with. */
    private static String kidOf(String token) throws ParseException {
        try {
            return JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue();
        } catch (JoseException e) {
            throw new ParseException("not a compact JWS", e);
        }
    }
}
