package io.teamchat.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart (values.yaml = prod, values-dev.yaml = dev) and the kustomize overlays render valid objects that
 * meet docs/operations.md's rules, and chart and overlay install the same objects. The chart is rendered by
 * helm-java (Helm's Go template engine in the Maven artifact), the overlays by kubectl kustomize when installed.
 */
class KubernetesManifestsTest {

    /** the content hash kustomize appends to generated ConfigMaps and Secrets (and to references to them) */
    private static final String KUSTOMIZE_HASH =
            "(?<=teamchat-(config|db-roles|redis-acl|db-admin|redis-admin|auth-service|room-service|message-service"
                    + "|presence-service|gateway-service))-[a-z0-9]{10}\\b";

    @Test
    void chartPassesHelmLint() {
        assertEquals(List.of(), Renders.lint());
    }

    @Test
    void chartWithProductionValuesMeetsTheRules() {
        ManifestChecks.all(Renders.chart("teamchat", null));
    }

    @Test
    void chartWithDevValuesMeetsTheRules() {
        ManifestChecks.all(Renders.chart("teamchat-dev", "values-dev.yaml"));
    }

    @Test
    void chartWithTheBundledReadReplicaMeetsTheRulesAndMessageServiceReadsFromIt() {
        // off by default (the overlays have no replica); with readReplica.bundled a hot standby joins the release
        List<HasMetadata> objects =
                Renders.chart("teamchat-dev", "values-dev.yaml", Map.of("readReplica.bundled", "true"));
        ManifestChecks.all(objects);
        List<Deployment> deployments = ManifestChecks.of(objects, Deployment.class);
        assertTrue(deployments.stream().anyMatch(d -> ManifestChecks.nameOf(d).equals("postgres-replica")));
        Container message = deployments.stream()
                .filter(d -> ManifestChecks.nameOf(d).equals("message-service"))
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertTrue(
                message.getEnv().stream()
                        .anyMatch(e -> e.getName().equals("DB_REPLICA_URL")
                                && e.getValue().equals("jdbc:postgresql://postgres-replica:5432/chat")),
                "message-service reads from the bundled replica");
    }

    @Test
    void prodOverlayMeetsTheRules() {
        ManifestChecks.all(overlay("k8s/overlays/prod"));
    }

    @Test
    void devOverlayMeetsTheRules() {
        ManifestChecks.all(overlay("k8s/overlays/dev"));
    }

    @Test
    void chartAndProdOverlayInstallTheSameObjects() {
        sameObjects(Renders.chart("teamchat", null), overlay("k8s/overlays/prod"));
    }

    @Test
    void chartAndDevOverlayInstallTheSameObjects() {
        sameObjects(Renders.chart("teamchat-dev", "values-dev.yaml"), overlay("k8s/overlays/dev"));
    }

    @Test
    void theChecksCatchABrokenObject() {
        // the rules are not vacuous: a probe moved back to the public port fails them
        List<HasMetadata> objects = Renders.chart("teamchat", null);
        gatewayContainer(objects).getReadinessProbe().getHttpGet().setPort(new IntOrString("http"));
        AssertionError failed =
                assertThrows(AssertionError.class, () -> ManifestChecks.probesResourcesAndImages(objects));
        assertTrue(failed.getMessage().contains("management port"), failed.getMessage());
    }

    @Test
    void theChecksCatchAServiceGivenAnothersSecret() {
        // the gateway's pods given auth-service's Secret (its PostgreSQL password and signing-key key) fail the rules
        List<HasMetadata> objects = Renders.chart("teamchat", null);
        ManifestChecks.eachServiceGetsOnlyItsOwnSecret(objects);
        gatewayContainer(objects)
                .getEnvFrom()
                .add(new EnvFromSourceBuilder()
                        .withNewSecretRef()
                        .withName("teamchat-auth-service")
                        .endSecretRef()
                        .build());
        AssertionError failed =
                assertThrows(AssertionError.class, () -> ManifestChecks.eachServiceGetsOnlyItsOwnSecret(objects));
        assertTrue(failed.getMessage().contains("its own Secret only"), failed.getMessage());
    }

    private static Container gatewayContainer(List<HasMetadata> objects) {
        return ManifestChecks.of(objects, Deployment.class).stream()
                .filter(d -> ManifestChecks.nameOf(d).equals("gateway-service"))
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    private static List<HasMetadata> overlay(String dir) {
        Optional<List<HasMetadata>> rendered = Renders.kustomize(dir);
        assumeTrue(rendered.isPresent(), "no kustomize here (kubectl kustomize or kustomize build)");
        return rendered.get();
    }

    /**
     * Same kinds and names (kustomize's generated-name hashes and the Namespace object, which Helm leaves to
     * --create-namespace, aside) and, per Deployment, the same replicas, ports, probes, resources, security and
     * environment.
     */
    private static void sameObjects(List<HasMetadata> chart, List<HasMetadata> overlay) {
        assertEquals(names(overlay), names(chart), "kind/name of every object");
        Map<String, String> chartPods = pods(chart);
        Map<String, String> overlayPods = pods(overlay);
        for (String name : overlayPods.keySet()) {
            assertEquals(overlayPods.get(name), chartPods.get(name), "Deployment " + name);
        }
    }

    private static TreeSet<String> names(List<HasMetadata> objects) {
        return objects.stream()
                .filter(o -> !(o instanceof Namespace))
                .map(o -> o.getKind() + "/" + o.getMetadata().getName().replaceAll(KUSTOMIZE_HASH, ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> pods(List<HasMetadata> objects) {
        Map<String, String> result = new TreeMap<>();
        for (Deployment d : ManifestChecks.of(objects, Deployment.class)) {
            var pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            result.put(
                    ManifestChecks.nameOf(d),
                    String.join(
                                    "\n",
                                    "replicas=" + d.getSpec().getReplicas(),
                                    "image=" + c.getImage(),
                                    "ports=" + c.getPorts(),
                                    "env=" + c.getEnv(),
                                    "readiness=" + c.getReadinessProbe(),
                                    "liveness=" + c.getLivenessProbe(),
                                    "startup=" + c.getStartupProbe(),
                                    "resources=" + c.getResources(),
                                    "security=" + c.getSecurityContext() + " " + pod.getSecurityContext(),
                                    "lifecycle=" + c.getLifecycle(),
                                    "grace=" + pod.getTerminationGracePeriodSeconds())
                            .replaceAll(KUSTOMIZE_HASH, ""));
        }
        return result;
    }
}
