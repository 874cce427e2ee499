package io.teamchat.auth.throttle;

import io.quarkus.redis.datasource.RedisDataSource;
import io.teamchat.auth.config.AuthConfig;
import io.teamchat.common.web.ClientAddress;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Brute-force limits, counted in Redis so every replica sees the same numbers (policy: docs/security.md).
 *
 * <ul>
 *   <li>Every credential attempt (register, login, refresh, current-password check) counts against the client
 *       address: at most {@code per-address} per {@code address-window}.
 *   <li>Failed passwords count against the account from that address ({@code failures-per-account-and-address})
 *       and against the account from everywhere ({@code failures-per-account}, higher, against spread-out
 *       guessing). Over either: 429 until that window ends. Windows are fixed and short, so nobody is locked out
 *       for longer than one window after the guessing stops.
 * </ul>
 *
 * Counters are fixed windows: the first hit sets the expiry, so a key can never live longer than its window. If
 * Redis cannot be reached the limits are skipped (logged): sign-in stays available and the bounded hashing in
 * {@code PasswordHasher} still caps the CPU an attacker can take.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    /** KEYS[1] counter; ARGV[1] window in ms; ARGV[2] '1' to count a hit, '0' to read. Returns {count, pttl}. */
    private static final String COUNT = """
            local n
            if ARGV[2] == '1' then
              n = redis.call('INCR', KEYS[1])
            else
              n = tonumber(redis.call('GET', KEYS[1]) or '0')
            end
            local ttl = redis.call('PTTL', KEYS[1])
            if n > 0 and ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {n, ttl}
            """;

    @Inject
    RedisDataSource redis;

    @Inject
    ClientAddress client;

    @Inject
    AuthConfig config;

    /** Counts one credential attempt from the caller's address; 429 once its budget for the window is spent. */
    public void attempt() {
        AuthConfig.RateLimit limits = config.rateLimit();
        Window address = count(key("addr:" + client.current()), limits.addressWindow(), true);
        if (address.count() > limits.perAddress()) {
            throw TooManyAttemptsException.tooMany(
                    "Too many attempts from this address; try again later.", address.retryAfterSeconds());
        }
    }

    /** {@link #attempt()}, then 429 if this account has had too many wrong passwords lately. */
    public void attemptOn(String account) {
        attempt();
        AuthConfig.RateLimit limits = config.rateLimit();
        Window here = count(accountAtAddressKey(account), limits.accountWindow(), false);
        Window everywhere = count(accountKey(account), limits.accountWindow(), false);
        if (here.count() >= limits.failuresPerAccountAndAddress()) {
            throw TooManyAttemptsException.tooMany(
                    "Too many wrong passwords for this account; try again later.", here.retryAfterSeconds());
        }
        if (everywhere.count() >= limits.failuresPerAccount()) {
            throw TooManyAttemptsException.tooMany(
                    "Too many wrong passwords for this account; try again later.", everywhere.retryAfterSeconds());
        }
    }

    /** A wrong password for this account from the caller's address. */
    public void failed(String account) {
        Duration window = config.rateLimit().accountWindow();
        count(accountAtAddressKey(account), window, true);
        count(accountKey(account), window, true);
    }

    /** The right password: this address's failures on the account are forgiven (the account-wide ones are not). */
    public void succeeded(String account) {
        try {
            redis.key().del(accountAtAddressKey(account));
        } catch (RuntimeException e) {
            LOG.warnf("rate-limit store unreachable: %s", e.toString());
        }
    }

    private record Window(long count, long ttlMillis) {

        long retryAfterSeconds() {
            return Math.max(1, (ttlMillis + 999) / 1000);
        }
    }

    private Window count(String key, Duration window, boolean hit) {
        try {
            Response reply = redis.execute("EVAL", COUNT, "1", key, Long.toString(window.toMillis()), hit ? "1" : "0");
            return new Window(reply.get(0).toLong(), reply.get(1).toLong());
        } catch (RuntimeException e) {
            LOG.warnf("rate-limit store unreachable, not limiting: %s", e.toString());
            return new Window(0, 0);
        }
    }

    private String accountAtAddressKey(String account) {
        return key("fail:" + digest(account) + ":" + client.current());
    }

    private String accountKey(String account) {
        return key("fail:" + digest(account));
    }

    private String key(String suffix) {
        return config.rateLimit().keyPrefix() + suffix;
    }

    /** Accounts are keyed by a digest, so Redis never holds login names or emails. */
    private static String digest(String account) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(account.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
