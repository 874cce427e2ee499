package io.teamchat.gateway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.teamchat.testing.ChatStoresTestResource;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the official Engine.IO and Socket.IO protocol test suites (unchanged, from {@code ../shared/conformance},
 * see its README) against this gateway in conformance mode on localhost:3000, and expects what the reference
 * JavaScript servers score on this machine: Engine.IO 24 of 24, Socket.IO at least 30 of 32 (the misses being
 * mocha's 2 s timeouts against 300 ms pings on a busy machine). Mocha retries a failed test once: a few tests race
 * a websocket against an HTTP request on two connections (e.g. "ignores HTTP requests with same sid after
 * upgrade"), which the reference servers also lose now and then on a loaded machine; a real defect fails twice.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@TestProfile(ConformanceSuitesTest.ConformanceMode.class)
class ConformanceSuitesTest {

    /** The server settings both suites' READMEs ask for. */
    public static class ConformanceMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chat.gateway.conformance", "true",
                    "quarkus.http.test-port", "3000",
                    "chat.gateway.engine.ping-interval", "300ms",
                    "chat.gateway.engine.ping-timeout", "200ms",
                    "chat.gateway.engine.connect-timeout", "1000ms");
        }
    }

    private static final Path SUITES = Path.of(System.getProperty("conformance.dir", "../../shared/conformance"))
            .toAbsolutePath();

    @Test
    void engineIoSuitePassesEveryTest() throws Exception {
        JsonNode stats = run("engine.io-protocol/test-suite");
        assertEquals(24, stats.path("tests").asInt(), stats.toString());
        assertEquals(24, stats.path("passes").asInt(), stats.toString());
    }

    @Test
    void socketIoSuitePassesAtLeastWhatTheReferenceServerDoes() throws Exception {
        JsonNode stats = run("socket.io-protocol/test-suite");
        assertEquals(32, stats.path("tests").asInt(), stats.toString());
        assertTrue(stats.path("passes").asInt() >= 30, stats.toString());
    }

    /** npm ci (once) and mocha with its JSON reporter; the report's {@code stats}. */
    private static JsonNode run(String suite) throws IOException, InterruptedException {
        Path dir = SUITES.resolve(suite);
        Assumptions.assumeTrue(
                Files.isRegularFile(dir.resolve("test-suite.js")), "conformance suites not found at " + SUITES);
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            exec(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), dir.resolve("npm-ci.log"));
        }
        Path report = Files.createTempFile("mocha-", ".json");
        exec(dir, List.of("npx", "mocha", "--retries", "1", "--reporter", "json", "test-suite.js"), report);
        String json = Files.readString(report, StandardCharsets.UTF_8);
        System.out.println("conformance " + suite + ": " + json);
        // The report is the JSON document mocha prints; anything before its first brace is noise.
        return new ObjectMapper().readTree(json.substring(json.indexOf('{'))).path("stats");
    }

    private static void exec(Path dir, List<String> command, Path output) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(false)
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(new File(output + ".stderr")))
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 5 minutes");
        }
    }
}
