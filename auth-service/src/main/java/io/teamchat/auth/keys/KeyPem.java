package io.teamchat.auth.keys;

import io.smallrye.jwt.util.KeyUtils;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** PEM text to and from RSA keys. */
final class KeyPem {

    private KeyPem() {}

    static String privateKey(RSAPrivateKey key) {
        return encode("PRIVATE KEY", key);
    }

    static String publicKey(RSAPublicKey key) {
        return encode("PUBLIC KEY", key);
    }

    static RSAPrivateKey readPrivateKey(String pem) throws GeneralSecurityException {
        if (!(KeyUtils.decodePrivateKey(pem) instanceof RSAPrivateKey key)) {
            throw new GeneralSecurityException("not an RSA private key");
        }
        return key;
    }

    static RSAPublicKey readPublicKey(String pem) throws GeneralSecurityException {
        if (!(KeyUtils.decodePublicKey(pem) instanceof RSAPublicKey key)) {
            throw new GeneralSecurityException("not an RSA public key");
        }
        return key;
    }

    /** A PKCS#8 RSA key carries its public exponent (CRT form), so a configured PEM needs no public half. */
    static RSAPublicKey publicKeyOf(RSAPrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new GeneralSecurityException("the RSA private key must be in CRT form (PKCS#8 as openssl writes it)");
        }
        RSAPublicKeySpec spec = new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent());
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec);
    }

    private static String encode(String type, Key key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
