package io.teamchat.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** What every rendering (chart or overlay, dev or prod) must satisfy; each method names what it checks. */
final class ManifestChecks {

    static final Map<String, Integer> SERVICES = Map.of(
            "gateway-service", 8080,
            "auth-service", 8081,
            "room-service", 8082,
            "message-service", 8083,
            "presence-service", 8084);
    /** custom resources fabric8 has no model for; everything else must bind to a typed model */
    static final Set<String> CUSTOM_KINDS = Set.of("ExternalSecret");

    private static final Pattern PINNED_OWN = Pattern.compile("^(.+/)?teamchat/[a-z-]+:(\\d+\\.\\d+\\.\\d+|dev)$");
    private static final Pattern PINNED_OTHER = Pattern.compile("^[a-z0-9./-]+:\\d+\\.\\d+(\\.\\d+)?(-[a-z0-9]+)?$");

    /** the content hash kustomize appends to generated ConfigMaps and Secrets */
    private static final String GENERATED_HASH = "-[a-z0-9]{10}$";

    private ManifestChecks() {}

    static void all(List<HasMetadata> objects) {
        typedWithoutUnknownFields(objects);
        everyServiceHasItsObjects(objects);
        selectorsMatchLabels(objects);
        probesResourcesAndImages(objects);
        podSecurityAndGracefulShutdown(objects);
        networkPoliciesCoverEveryPod(objects);
        ingressOnlyToTheGateway(objects);
        autoscalersTargetDeployments(objects);
        eachServiceGetsOnlyItsOwnSecret(objects);
        redisUsersFromTheOneSource(objects);
    }

    /** fabric8's model is the schema: a misspelt or misplaced field lands in additionalProperties */
    static void typedWithoutUnknownFields(List<HasMetadata> objects) {
        for (HasMetadata o : objects) {
            if (o instanceof GenericKubernetesResource) {
                assertTrue(CUSTOM_KINDS.contains(o.getKind()), "no typed model for " + describe(o));
                continue;
            }
            unknownFields(o, describe(o), new IdentityHashMap<>());
        }
    }

    private static void unknownFields(Object node, String path, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || !m.getName().startsWith("get")
                    || m.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                assertTrue(
                        value == null || ((Map<?, ?>) value).isEmpty(),
                        path + ": fields the Kubernetes schema does not have: " + value);
            } else {
                unknownFields(value, path + "." + m.getName().substring(3), seen);
            }
        }
    }

    static void everyServiceHasItsObjects(List<HasMetadata> objects) {
        for (String name : SERVICES.keySet()) {
            for (Class<? extends HasMetadata> kind :
                    List.of(Deployment.class, Service.class, PodDisruptionBudget.class, NetworkPolicy.class)) {
                assertTrue(
                        objects.stream().anyMatch(o -> kind.isInstance(o) && name.equals(nameOf(o))),
                        kind.getSimpleName() + " " + name);
            }
        }
        assertTrue(objects.stream().anyMatch(o -> o instanceof NetworkPolicy np && isDefaultDeny(np)), "default deny");
    }

    static void selectorsMatchLabels(List<HasMetadata> objects) {
        List<Deployment> deployments = of(objects, Deployment.class);
        for (Deployment d : deployments) {
            Map<String, String> pod = d.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(matches(d.getSpec().getSelector(), pod), describe(d) + ": selector matches its pods");
        }
        for (Service s : of(objects, Service.class)) {
            List<Deployment> selected = deployments.stream()
                    .filter(d -> subset(s.getSpec().getSelector(), podLabels(d)))
                    .toList();
            assertEquals(1, selected.size(), describe(s) + " selects exactly one Deployment's pods");
            Container c = selected.get(0)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0);
            s.getSpec()
                    .getPorts()
                    .forEach(p -> assertTrue(
                            c.getPorts().stream()
                                    .anyMatch(cp -> p.getTargetPort().getStrVal() != null
                                            ? p.getTargetPort().getStrVal().equals(cp.getName())
                                            : p.getTargetPort().getIntVal().equals(cp.getContainerPort())),
                            describe(s) + ": target port " + p.getTargetPort() + " exists"));
        }
        for (PodDisruptionBudget pdb : of(objects, PodDisruptionBudget.class)) {
            assertTrue(
                    deployments.stream().anyMatch(d -> matches(pdb.getSpec().getSelector(), podLabels(d))),
                    describe(pdb) + " selects pods");
        }
    }

    static void probesResourcesAndImages(List<HasMetadata> objects) {
        for (Deployment d : of(objects, Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String where = describe(d) + " container " + c.getName();
                assertNotNull(c.getReadinessProbe(), where + ": readiness probe");
                assertNotNull(c.getLivenessProbe(), where + ": liveness probe");
                var res = c.getResources();
                for (String r : List.of("cpu", "memory")) {
                    assertTrue(res.getRequests() != null && res.getRequests().containsKey(r), where + " requests " + r);
                    assertTrue(res.getLimits() != null && res.getLimits().containsKey(r), where + " limits " + r);
                }
                Integer port = SERVICES.get(nameOf(d));
                if (port != null) {
                    assertTrue(PINNED_OWN.matcher(c.getImage()).matches(), where + ": pinned image " + c.getImage());
                    ContainerPort management = c.getPorts().stream()
                            .filter(p -> "management".equals(p.getName()))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(where + ": a management port"));
                    assertEquals(port + 1000, management.getContainerPort(), where + ": management = port + 1000");
                    assertEquals("/q/health/ready", onManagementPort(c.getReadinessProbe(), where));
                    assertEquals("/q/health/live", onManagementPort(c.getLivenessProbe(), where));
                    assertEquals("/q/health/started", onManagementPort(c.getStartupProbe(), where));
                    assertEquals(
                            String.valueOf(port + 1000),
                            d.getSpec()
                                    .getTemplate()
                                    .getMetadata()
                                    .getAnnotations()
                                    .get("prometheus.io/port"),
                            where + ": scraped on the management port");
                } else {
                    assertTrue(PINNED_OTHER.matcher(c.getImage()).matches(), where + ": pinned image " + c.getImage());
                }
            }
        }
    }

    private static String onManagementPort(Probe probe, String where) {
        assertNotNull(probe, where + ": probe");
        assertNotNull(probe.getHttpGet(), where + ": HTTP probe");
        assertEquals("management", probe.getHttpGet().getPort().getStrVal(), where + ": probe on the management port");
        return probe.getHttpGet().getPath();
    }

    static void podSecurityAndGracefulShutdown(List<HasMetadata> objects) {
        for (Deployment d : of(objects, Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            String where = describe(d);
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), where + ": no service-account token");
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), where + ": non-root");
            assertEquals(
                    "RuntimeDefault",
                    pod.getSecurityContext().getSeccompProfile().getType(),
                    where + ": seccomp");
            for (Container c : pod.getContainers()) {
                var sc = c.getSecurityContext();
                assertNotNull(sc, where + ": container security context");
                assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where + ": no privilege escalation");
                assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where + ": read-only root");
                assertTrue(sc.getCapabilities().getDrop().contains("ALL"), where + ": drops all capabilities");
            }
            if (SERVICES.containsKey(nameOf(d))) {
                assertTrue(pod.getTerminationGracePeriodSeconds() >= 30, where + ": time to drain");
                assertNotNull(pod.getContainers().get(0).getLifecycle().getPreStop(), where + ": preStop delay");
            }
        }
    }

    /** every pod is selected by a policy of its own besides default-deny, and only the gateway is open to all */
    static void networkPoliciesCoverEveryPod(List<HasMetadata> objects) {
        List<NetworkPolicy> policies = of(objects, NetworkPolicy.class);
        for (Deployment d : of(objects, Deployment.class)) {
            Map<String, String> labels = podLabels(d);
            List<NetworkPolicy> own = policies.stream()
                    .filter(p -> !isDefaultDeny(p) && matches(p.getSpec().getPodSelector(), labels))
                    .toList();
            assertFalse(own.isEmpty(), describe(d) + " has a NetworkPolicy of its own");
            boolean openToAll = own.stream()
                    .flatMap(p -> p.getSpec().getIngress() == null
                            ? java.util.stream.Stream.<NetworkPolicyIngressRule>empty()
                            : p.getSpec().getIngress().stream())
                    .anyMatch(rule -> rule.getFrom() == null || rule.getFrom().isEmpty());
            assertEquals("gateway-service".equals(nameOf(d)), openToAll, describe(d) + ": reachable from anywhere");
        }
    }

    /**
     * A service's pods reference one Secret, its own ({@code teamchat-<service>}): never another service's passwords
     * nor the stores' administrators' (docs/security.md, "Secrets per service").
     */
    static void eachServiceGetsOnlyItsOwnSecret(List<HasMetadata> objects) {
        for (Deployment d : of(objects, Deployment.class)) {
            if (!SERVICES.containsKey(nameOf(d))) {
                continue;
            }
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Set<String> secrets = new TreeSet<>();
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container c : containers) {
                if (c.getEnvFrom() != null) {
                    c.getEnvFrom().stream()
                            .filter(e -> e.getSecretRef() != null)
                            .forEach(e -> secrets.add(e.getSecretRef().getName()));
                }
                if (c.getEnv() != null) {
                    c.getEnv().stream()
                            .filter(e ->
                                    e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                            .forEach(e -> secrets.add(
                                    e.getValueFrom().getSecretKeyRef().getName()));
                }
            }
            if (pod.getVolumes() != null) {
                pod.getVolumes().stream()
                        .filter(v -> v.getSecret() != null)
                        .forEach(v -> secrets.add(v.getSecret().getSecretName()));
            }
            Set<String> names = new TreeSet<>();
            secrets.forEach(secret -> names.add(secret.replaceAll(GENERATED_HASH, "")));
            assertEquals(Set.of("teamchat-" + nameOf(d)), names, describe(d) + ": its own Secret only");
        }
    }

    /**
     * The Redis ACL ConfigMap holds the one source (k8s/base/redis/acl.conf) and its renderer unchanged, the Job
     * redis-acl applies it, and every service connects as the user the source defines for it.
     */
    static void redisUsersFromTheOneSource(List<HasMetadata> objects) {
        ConfigMap acl = of(objects, ConfigMap.class).stream()
                .filter(c -> nameOf(c).replaceAll(GENERATED_HASH, "").equals("teamchat-redis-acl"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("ConfigMap teamchat-redis-acl"));
        Path source = Renders.ROOT.resolve("k8s/base/redis");
        try {
            assertEquals(
                    Files.readString(source.resolve("acl.conf")), acl.getData().get("acl.conf"), "acl.conf");
            assertEquals(
                    Files.readString(source.resolve("acl.sh")), acl.getData().get("acl.sh"), "acl.sh");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Job job = of(objects, Job.class).stream()
                .filter(j -> nameOf(j).equals("redis-acl"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Job redis-acl"));
        assertTrue(
                job.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .anyMatch(v -> v.getConfigMap() != null
                                && v.getConfigMap().getName().equals(nameOf(acl))),
                "the Job redis-acl mounts " + nameOf(acl));
        Set<String> users = new TreeSet<>();
        acl.getData()
                .get("acl.conf")
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> users.add("teamchat-" + line.split("\\s+")[0]));
        for (Deployment d : of(objects, Deployment.class)) {
            if (SERVICES.containsKey(nameOf(d))) {
                String user = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                        .filter(e -> e.getName().equals("REDIS_USER"))
                        .map(EnvVar::getValue)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(describe(d) + ": REDIS_USER"));
                assertEquals("teamchat-" + nameOf(d).replace("-service", ""), user, describe(d) + ": its Redis user");
                assertTrue(users.contains(user), describe(d) + ": " + user + " is in acl.conf " + users);
            }
        }
    }

    static void ingressOnlyToTheGateway(List<HasMetadata> objects) {
        for (Ingress ingress : of(objects, Ingress.class)) {
            assertFalse(ingress.getSpec().getTls().isEmpty(), describe(ingress) + ": TLS");
            ingress.getSpec()
                    .getRules()
                    .forEach(rule -> rule.getHttp()
                            .getPaths()
                            .forEach(path -> assertEquals(
                                    "gateway-service",
                                    path.getBackend().getService().getName(),
                                    describe(ingress) + " backend")));
            assertEquals(
                    "3600",
                    ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-read-timeout"),
                    "WebSockets outlive nginx's default 60 s read timeout");
        }
    }

    static void autoscalersTargetDeployments(List<HasMetadata> objects) {
        for (HorizontalPodAutoscaler hpa : of(objects, HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            assertTrue(
                    of(objects, Deployment.class).stream().anyMatch(d -> target.equals(nameOf(d))),
                    describe(hpa) + " targets " + target);
            if ("gateway-service".equals(target)) {
                assertTrue(
                        hpa.getSpec().getMetrics().stream()
                                .anyMatch(m -> m.getPods() != null
                                        && "chat_gateway_sockets_connected"
                                                .equals(m.getPods().getMetric().getName())),
                        "the gateway also scales on connected sockets");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static <T> List<T> of(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static String nameOf(HasMetadata o) {
        return o.getMetadata().getName();
    }

    static String describe(HasMetadata o) {
        return o.getKind() + " " + nameOf(o);
    }

    private static Map<String, String> podLabels(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static boolean isDefaultDeny(NetworkPolicy p) {
        LabelSelector s = p.getSpec().getPodSelector();
        return (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty())
                && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty())
                && (p.getSpec().getEgress() == null || p.getSpec().getEgress().isEmpty());
    }

    private static boolean subset(Map<String, String> selector, Map<String, String> labels) {
        return selector != null
                && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        boolean byLabels = selector.getMatchLabels() == null
                || selector.getMatchLabels().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        Predicate<LabelSelectorRequirement> holds = r -> switch (r.getOperator()) {
            case "In" -> r.getValues().contains(labels.get(r.getKey()));
            case "NotIn" -> !r.getValues().contains(labels.get(r.getKey()));
            case "Exists" -> labels.containsKey(r.getKey());
            case "DoesNotExist" -> !labels.containsKey(r.getKey());
            default -> fail("operator " + r.getOperator());
        };
        boolean byExpressions = selector.getMatchExpressions() == null
                || selector.getMatchExpressions().stream().allMatch(holds);
        return byLabels && byExpressions;
    }
}
