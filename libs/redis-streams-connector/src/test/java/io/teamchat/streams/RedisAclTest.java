package io.teamchat.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The services' Redis ACL users from the one source (k8s/base/redis/acl.conf, rendered by acl.sh as ./chat up,
 * compose and Kubernetes do) on the shared test Redis: users and key prefix of this run only, removed afterwards; the
 * default user is never touched. Each user can do its service's work and gets NOPERM for anything else, above all
 * appending to streams another service is trusted for. On Redis Cluster ({@code TEST_REDIS_CLIENT_TYPE=cluster},
 * {@code TEST_REDIS_URL} the nodes) the users are created on every node, as ACLs are per node, and the services'
 * clients are cluster clients, which first ask for the slot map as that user.
 */
class RedisAclTest {

    private static final Path SOURCE = Path.of("..", "..", "k8s", "base", "redis");
    private static final List<String> SERVICES = List.of("gateway", "message", "room", "presence", "auth");
    private static final String SUFFIX =
            UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    /** This run's stream prefix and user names. */
    private static final String PREFIX = "acltest-" + SUFFIX + ":";

    private static final String USERS = "acltest-" + SUFFIX + "-";
    private static final List<String> NODES =
            List.of(env("TEST_REDIS_URL", "redis://127.0.0.1:6379").split("\\s*,\\s*"));
    private static final boolean CLUSTER = "cluster".equals(env("TEST_REDIS_CLIENT_TYPE", "standalone"));
    /** A room's live channel (LiveRoutes.roomChannel). */
    private static final String ROOM_CHANNEL = PREFIX + "room:{" + UUID.randomUUID() + "}";

    private static final String TYPING_CHANNEL = ROOM_CHANNEL.replace("room:", "typing:room:");

    private static final Map<String, String> PASSWORDS = new HashMap<>();
    private static final Map<String, Redis> CLIENTS = new HashMap<>();
    /** The default user on each node (one on a single Redis). */
    private static final List<Redis> ADMINS = new ArrayList<>();

    private static Vertx vertx;

    @BeforeAll
    static void createUsers() throws Exception {
        vertx = Vertx.vertx();
        for (String node : NODES) {
            ADMINS.add(Redis.createClient(vertx, new RedisOptions().setConnectionString(node)));
        }
        Map<String, String> env = new HashMap<>();
        env.put("CHAT_STREAMS_PREFIX", PREFIX);
        env.put("REDIS_USER_PREFIX", USERS);
        for (String service : SERVICES) {
            // base64 characters too: they must survive the endpoint's encoding
            String password = "a+b/c=" + UUID.randomUUID();
            PASSWORDS.put(service, password);
            env.put(service.toUpperCase() + "_REDIS_PASSWORD", password);
        }
        List<String> lines = render("commands", env);
        assertEquals(SERVICES.size(), lines.size(), "one ACL SETUSER per service: " + lines);
        for (Redis admin : ADMINS) {
            for (String line : lines) {
                assertEquals("OK", call(admin, arguments(line)).toString(), line);
            }
        }
        for (String service : SERVICES) {
            // as the services connect: user and password in every endpoint (RedisUser)
            RedisOptions options = new RedisOptions()
                    .setType(CLUSTER ? RedisClientType.CLUSTER : RedisClientType.STANDALONE)
                    .setEndpoints(new ArrayList<>(NODES.stream()
                            .map(node -> RedisUser.withUser(node, USERS + service, PASSWORDS.get(service)))
                            .toList()));
            CLIENTS.put(service, Redis.createClient(vertx, options));
        }
    }

    @AfterAll
    static void removeUsers() throws Exception {
        for (Redis admin : ADMINS) {
            for (String service : SERVICES) {
                call(admin, "ACL", "DELUSER", USERS + service);
            }
            // each node its own keys (KEYS sees only them; the flag lets one script delete keys of several slots)
            call(
                    admin,
                    "EVAL",
                    "#!lua flags=allow-cross-slot-keys\n"
                            + "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end",
                    "0",
                    PREFIX + "*");
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theGatewayAppendsCommandsAndConnectionsButNoEvents() throws Exception {
        Redis gateway = CLIENTS.get("gateway");
        allowed(gateway, "XADD", PREFIX + "commands:{p3}", "*", "payload", "{}");
        allowed(gateway, "XADD", PREFIX + "commands:{p15}", "*", "payload", "{}");
        allowed(gateway, "XADD", PREFIX + "connections:{p7}", "*", "payload", "{}");
        denied(gateway, "XADD", PREFIX + "connections:{p7}:owner", "*", "payload", "{}");
        allowed(gateway, "XREVRANGE", PREFIX + "user-events", "+", "-", "COUNT", "1");
        allowed(gateway, "XREAD", "COUNT", "10", "STREAMS", PREFIX + "user-events", "0");
        allowed(gateway, "CLIENT", "SETNAME", "gateway-live-gw-1");
        dryRunAllowed("gateway", "SSUBSCRIBE", ROOM_CHANNEL);
        dryRunAllowed("gateway", "SUNSUBSCRIBE", ROOM_CHANNEL);
        allowed(gateway, "HMGET", PREFIX + "room:r1:access", "v", "u1");
        // presence: the member lists of the rooms a gateway has sockets in (MembershipCache.roomsWithMembers)
        allowed(gateway, "HGETALL", PREFIX + "room:r1:access");
        allowed(gateway, "SET", PREFIX + "presence:gateway:g1", "1", "PX", "10000");
        allowed(gateway, "SET", PREFIX + "typing:r1:u1", "1", "NX", "PX", "1000");
        // typing goes gateway to gateway on the room's own typing channel, subscribed together with the room's
        allowed(gateway, "SPUBLISH", TYPING_CHANNEL, "{}");
        dryRunAllowed("gateway", "SSUBSCRIBE", ROOM_CHANNEL, TYPING_CHANNEL);
        dryRunAllowed("gateway", "SUNSUBSCRIBE", ROOM_CHANNEL, TYPING_CHANNEL);
        limitScriptsRun(gateway);

        // message events come from message-service only; the gateway cannot forge one
        denied(gateway, "XADD", PREFIX + "events", "*", "payload", "{\"type\":\"message.created\"}");
        denied(gateway, "XADD", PREFIX + "audit", "*", "payload", "{}");
        // a partition's lease and dead letters are message-service's
        denied(gateway, "SET", PREFIX + "commands:{p3}:owner", "me", "NX", "PX", "10000");
        denied(gateway, "XADD", PREFIX + "commands:{p3}:dead-letter", "*", "payload", "{}");
        denied(gateway, "XREADGROUP", "GROUP", "message-service", "me", "STREAMS", PREFIX + "commands:{p3}", ">");
        denied(gateway, "HSET", PREFIX + "room:r1:access", "u1", "owner");
        denied(gateway, "SADD", PREFIX + "presence:sockets:u1", "s1");
        denied(gateway, "PUBLISH", PREFIX + "other", "{}");
        denied(gateway, "PUBLISH", PREFIX + "typing", "{}");
        denied(gateway, "SPUBLISH", PREFIX + "typing:other:{r1}", "{}");
        // the live fan-out: it listens to rooms and reads users' events, it never feeds them
        denied(gateway, "SPUBLISH", ROOM_CHANNEL, "{\"type\":\"message.created\"}");
        denied(gateway, "XADD", PREFIX + "user-events", "*", "payload", "{}");
        denied(gateway, "XREAD", "STREAMS", PREFIX + "events", "0");
        dryRunDenied("gateway", "SSUBSCRIBE", "acltest-other-" + SUFFIX + ":room:{r1}");
        dryRunDenied("gateway", "SUBSCRIBE", ROOM_CHANNEL);
    }

    @Test
    void theWritersPublishToRoomChannelsAndUserEventsButNeverListen() throws Exception {
        for (String writer : List.of("message", "room")) {
            allowed(CLIENTS.get(writer), "SPUBLISH", ROOM_CHANNEL, "{}");
            denied(CLIENTS.get(writer), "SPUBLISH", "acltest-other-" + SUFFIX + ":room:{r1}", "{}");
            denied(CLIENTS.get(writer), "PUBLISH", ROOM_CHANNEL, "{}");
        }
        for (String writer : List.of("message", "room", "presence", "auth")) {
            allowed(CLIENTS.get(writer), "XADD", PREFIX + "user-events", "*", "payload", "{}");
            denied(CLIENTS.get(writer), "XREAD", "STREAMS", PREFIX + "user-events", "0");
            dryRunDenied(writer, "SSUBSCRIBE", ROOM_CHANNEL);
            dryRunDenied(writer, "SUBSCRIBE", ROOM_CHANNEL);
        }
        // presence and sign-ins have no room events to publish
        denied(CLIENTS.get("presence"), "SPUBLISH", ROOM_CHANNEL, "{}");
        denied(CLIENTS.get("auth"), "SPUBLISH", ROOM_CHANNEL, "{}");
    }

    @Test
    void presenceReadsTheConnectionsButCannotFeedThem() throws Exception {
        Redis presence = CLIENTS.get("presence");
        Redis gateway = CLIENTS.get("gateway");
        String connections = PREFIX + "connections:{p3}";
        allowed(presence, "XGROUP", "CREATE", connections, "presence-service", "0", "MKSTREAM");
        String id = allowed(gateway, "XADD", connections, "*", "payload", "{\"type\":\"socket.connected\"}")
                .toString();
        Response read = allowed(
                presence, "XREADGROUP", "GROUP", "presence-service", "p1", "COUNT", "10", "STREAMS", connections, ">");
        assertTrue(read.toString().contains(id), "the gateway's entry is read: " + read);
        allowed(presence, "XACK", connections, "presence-service", id);
        allowed(presence, "XAUTOCLAIM", connections, "presence-service", "p1", "0", "0-0");
        allowed(presence, "XADD", PREFIX + "events", "*", "payload", "{\"type\":\"presence.changed\"}");
        allowed(presence, "XADD", connections + ":dead-letter", "*", "payload", "{}");
        // the partitions' leases and the replicas, as message-service's (PartitionedStreamConsumer)
        allowed(presence, "SET", connections + ":owner", "p1", "NX", "PX", "4000");
        allowed(
                presence,
                "EVAL",
                "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
                "1",
                connections + ":owner",
                "p1");
        allowed(presence, "ZADD", PREFIX + "connections:consumers", "1", "p1");
        allowed(presence, "ZCARD", PREFIX + "connections:consumers");
        allowed(
                presence,
                "EVAL",
                "redis.call('SADD', KEYS[1], ARGV[1]) return redis.call('SCARD', KEYS[1])",
                "1",
                PREFIX + "presence:sockets:{u1}",
                "s1");
        allowed(presence, "EXISTS", PREFIX + "presence:gateway:g1");
        allowed(presence, "PFADD", PREFIX + "activity:users:{days}:2026-01-01", "u1");
        allowed(
                presence,
                "PFCOUNT",
                PREFIX + "activity:users:{days}:2026-01-01",
                PREFIX + "activity:users:{days}:2026-01-02");
        allowed(
                presence,
                "EVAL",
                "redis.call('SADD', KEYS[1], ARGV[1]) return redis.call('SADD', KEYS[2], ARGV[2])",
                "2",
                PREFIX + "presence:gateway-sockets:{gateways}:g1",
                PREFIX + "presence:{gateways}",
                "u1/s1",
                "g1");

        // no fake socket.connected for presence to believe, no fake heartbeat of a dead gateway
        denied(presence, "XADD", connections, "*", "payload", "{\"type\":\"socket.connected\"}");
        denied(presence, "DEL", connections);
        denied(presence, "SET", PREFIX + "presence:gateway:g1", "1", "PX", "10000");
        denied(presence, "XADD", PREFIX + "commands:{p0}", "*", "payload", "{}");
        denied(presence, "XREAD", "STREAMS", PREFIX + "commands:{p0}", "0");
        denied(presence, "HGET", PREFIX + "room:r1:access", "v");
    }

    @Test
    void messageServiceOwnsTheCommandPartitionsAndAppendsEvents() throws Exception {
        Redis message = CLIENTS.get("message");
        String partition = PREFIX + "commands:{p1}";
        allowed(message, "XGROUP", "CREATE", partition, "message-service", "0", "MKSTREAM");
        allowed(message, "XREADGROUP", "GROUP", "message-service", "m1", "COUNT", "5", "STREAMS", partition, ">");
        allowed(message, "XADD", partition, "*", "payload", "{}");
        allowed(message, "SET", partition + ":owner", "m1", "NX", "PX", "10000");
        allowed(
                message,
                "EVAL",
                "if redis.call('get', KEYS[1]) == ARGV[1] then"
                        + " return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
                "1",
                partition + ":owner",
                "m1",
                "10000");
        allowed(message, "ZADD", PREFIX + "commands:consumers", "1", "m1");
        limitScriptsRun(message); // REST sends count against the same per-user limits
        allowed(message, "XADD", partition + ":dead-letter", "*", "payload", "{}");
        allowed(message, "XINFO", "GROUPS", partition);
        allowed(message, "XLEN", partition + ":dead-letter");
        allowed(message, "XADD", PREFIX + "events", "*", "payload", "{\"type\":\"message.created\"}");
        allowed(message, "XREAD", "STREAMS", PREFIX + "events", "0");
        // room.deleted comes on its own stream: message-service reads the deletions as a group, not every event
        String deletions = PREFIX + "room-deletions";
        allowed(message, "XGROUP", "CREATE", deletions, "message-service", "0", "MKSTREAM");
        allowed(message, "XREADGROUP", "GROUP", "message-service", "m1", "STREAMS", deletions, ">");
        allowed(message, "XADD", deletions + ":dead-letter", "*", "payload", "{}");
        allowed(message, "HMGET", PREFIX + "room:r1:access", "v", "u1");
        // @room mentions: the members of the room (MembershipCache.membersNow)
        allowed(message, "HGETALL", PREFIX + "room:r1:access");
        allowed(message, "SETEX", PREFIX + "replica:own-write:u1", "3600", "731");
        allowed(message, "GET", PREFIX + "replica:own-write:u1");

        denied(message, "XGROUP", "CREATE", PREFIX + "events", "message-service", "0", "MKSTREAM");
        denied(message, "XADD", deletions, "*", "payload", "{\"type\":\"room.deleted\"}");
        denied(message, "XADD", PREFIX + "connections:{p0}", "*", "payload", "{}");
        denied(message, "XADD", PREFIX + "audit", "*", "payload", "{}");
        denied(message, "HSET", PREFIX + "room:r1:access", "u1", "owner");
        denied(message, "GET", PREFIX + "auth:limit:addr:1.2.3.4");
    }

    @Test
    void roomServiceWritesEventsAuditAndTheMembershipCacheOnly() throws Exception {
        Redis room = CLIENTS.get("room");
        allowed(room, "XADD", PREFIX + "events", "*", "payload", "{\"type\":\"member.joined\"}");
        allowed(room, "XADD", PREFIX + "audit", "*", "payload", "{}");
        allowed(room, "XADD", PREFIX + "room-deletions", "*", "payload", "{\"type\":\"room.deleted\"}");
        allowed(
                room,
                "EVAL",
                "redis.call('DEL', KEYS[1]) redis.call('HSET', KEYS[1], 'v', ARGV[1])"
                        + " return redis.call('EXPIRE', KEYS[1], 60)",
                "1",
                PREFIX + "room:r1:access",
                "7");

        denied(room, "XREAD", "STREAMS", PREFIX + "commands:{p0}", "0");
        denied(room, "XADD", PREFIX + "commands:{p0}", "*", "payload", "{}");
        denied(room, "XREAD", "STREAMS", PREFIX + "events", "0");
        denied(room, "XREAD", "STREAMS", PREFIX + "audit", "0");
        denied(room, "XREAD", "STREAMS", PREFIX + "room-deletions", "0");
        denied(room, "XADD", PREFIX + "connections:{p0}", "*", "payload", "{}");
    }

    @Test
    void authServiceCountsSignInsAndReadsTheAuditAsItsGroup() throws Exception {
        Redis auth = CLIENTS.get("auth");
        String audit = PREFIX + "audit";
        allowed(
                auth,
                "EVAL",
                "local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], 60000)" + " return n",
                "1",
                PREFIX + "auth:limit:addr:1.2.3.4");
        allowed(auth, "DEL", PREFIX + "auth:limit:fail:abc");
        allowed(auth, "XADD", PREFIX + "events", "*", "payload", "{\"type\":\"user.disabled\"}");
        allowed(auth, "XGROUP", "CREATE", audit, "auth-service", "0", "MKSTREAM");
        allowed(auth, "XREADGROUP", "GROUP", "auth-service", "a1", "STREAMS", audit, ">");

        denied(auth, "XADD", audit, "*", "payload", "{}");
        denied(auth, "XADD", PREFIX + "commands:{p0}", "*", "payload", "{}");
        denied(auth, "HGET", PREFIX + "room:r1:access", "v");
    }

    @Test
    void noUserReachesAnotherDeploymentsKeysOrTheServer() throws Exception {
        String other = "acltest-other-" + SUFFIX + ":";
        for (String service : SERVICES) {
            Redis client = CLIENTS.get(service);
            allowed(client, "PING");
            denied(client, "XADD", other + "events", "*", "payload", "{}");
            denied(client, "XADD", other + "connections:{p0}", "*", "payload", "{}");
            denied(client, "GET", other + "auth:limit:addr:1.2.3.4");
            denied(client, "KEYS", "*");
            denied(client, "FLUSHALL");
            denied(client, "CONFIG", "GET", "*");
            denied(client, "ACL", "LIST");
            denied(client, "EVAL", "return redis.call('DEL', KEYS[1])", "1", other + "events");
        }
    }

    @Test
    void theUserGoesIntoTheEndpoint() {
        assertEquals(
                "redis://teamchat-room:a%2Bb%2Fc%3D@redis:6379/1",
                RedisUser.withUser("redis://redis:6379/1", "teamchat-room", "a+b/c="));
        assertEquals(
                "redis://teamchat-room@redis:6379", RedisUser.withUser("redis://redis:6379", "teamchat-room", null));
        assertEquals("redis://me:x@redis:6379", RedisUser.withUser("redis://me:x@redis:6379", "teamchat-room", "y"));
    }

    /** The rate limits' scripts (libs/rate-limits LimitStore): by text once, then by SHA1 (EVALSHA). */
    private static void limitScriptsRun(Redis client) throws Exception {
        String script = "redis.call('TIME') return redis.call('ZADD', KEYS[1], 1, 'm')";
        String key = PREFIX + "limits:messages:u1";
        allowed(client, "EVAL", script, "1", key);
        String sha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        allowed(client, "EVALSHA", sha, "1", key);
    }

    private static Response allowed(Redis client, String... command) throws Exception {
        try {
            return call(client, command);
        } catch (ExecutionException e) {
            return fail(String.join(" ", command) + " should be allowed: "
                    + e.getCause().getMessage());
        }
    }

    private static void denied(Redis client, String... command) throws Exception {
        try {
            call(client, command);
            fail(String.join(" ", command) + " should be refused");
        } catch (ExecutionException e) {
            String message = String.valueOf(e.getCause().getMessage());
            assertTrue(message.startsWith("NOPERM"), String.join(" ", command) + ": " + message);
        }
    }

    /**
     * Subscriptions are checked with ACL DRYRUN as the administrator (of the first node: every node has the same
     * users): a client's SSUBSCRIBE is answered on its
     * subscription stream, not as the command's reply.
     */
    private static void dryRunAllowed(String service, String... command) throws Exception {
        assertEquals("OK", dryRun(service, command), String.join(" ", command) + " should be allowed");
    }

    private static void dryRunDenied(String service, String... command) throws Exception {
        String answer = dryRun(service, command);
        assertTrue(answer.contains("no permissions"), String.join(" ", command) + " should be refused: " + answer);
    }

    private static String dryRun(String service, String... command) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("ACL", "DRYRUN", USERS + service));
        arguments.addAll(List.of(command));
        return call(ADMINS.get(0), arguments.toArray(String[]::new)).toString();
    }

    private static Response call(Redis client, String... command) throws Exception {
        Request request = Request.cmd(Command.create(command[0]));
        for (int i = 1; i < command.length; i++) {
            request.arg(command[i]);
        }
        return client.send(request).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** acl.sh's output: one redis-cli command per line, arguments split on blanks outside double quotes. */
    private static List<String> render(String mode, Map<String, String> env) throws Exception {
        Path script = SOURCE.resolve("acl.sh");
        assertTrue(Files.isRegularFile(SOURCE.resolve("acl.conf")), "the one source");
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString(), mode);
        builder.environment().putAll(env);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "acl.sh finished");
        assertEquals(0, process.exitValue(), "acl.sh " + mode);
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    private static String[] arguments(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out.toArray(String[]::new);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
