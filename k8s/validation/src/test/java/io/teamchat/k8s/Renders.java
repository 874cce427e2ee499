package io.teamchat.k8s;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The chart and the kustomize directories rendered the way an operator installs them, as fabric8 objects. */
final class Renders {

    static final Path ROOT = Path.of(System.getProperty("teamchat.root", "../.."))
            .toAbsolutePath()
            .normalize();
    static final Path CHART = ROOT.resolve("k8s/helm/teamchat");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Renders() {}

    /** {@code helm template teamchat k8s/helm/teamchat -n <namespace> [-f <values>]} through Helm's own engine */
    static List<HasMetadata> chart(String namespace, String valuesFile) {
        return chart(namespace, valuesFile, Map.of());
    }

    /** the same with {@code --set key=value} for each entry */
    static List<HasMetadata> chart(String namespace, String valuesFile, Map<String, String> set) {
        var template = new Helm(CHART).template().withName("teamchat").withNamespace(namespace);
        if (valuesFile != null) {
            template = template.withValuesFile(CHART.resolve(valuesFile));
        }
        for (Map.Entry<String, String> value : set.entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        return parse(template.call());
    }

    /** {@code helm lint --strict k8s/helm/teamchat}: the messages when it fails */
    static List<String> lint() {
        var result = new Helm(CHART).lint().strict().call();
        return result.isFailed() ? result.getMessages() : List.of();
    }

    /** a real kustomize: {@code kubectl kustomize} or {@code kustomize build}; empty when neither is installed */
    static Optional<List<HasMetadata>> kustomize(String dir) {
        for (List<String> command : List.of(List.of("kubectl", "kustomize"), List.of("kustomize", "build"))) {
            List<String> full = new ArrayList<>(command);
            full.add(ROOT.resolve(dir).toString());
            String out;
            try {
                out = run(full);
            } catch (IOException notInstalled) {
                continue;
            }
            return Optional.of(parse(out));
        }
        return Optional.empty();
    }

    private static String run(List<String> command) throws IOException {
        Path out = Files.createTempFile("teamchat-kustomize", ".yaml");
        Path err = Files.createTempFile("teamchat-kustomize", ".err");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** typed fabric8 objects; a kind fabric8 does not model becomes a GenericKubernetesResource */
    static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof List<?> list) {
            return list.stream().map(HasMetadata.class::cast).toList();
        }
        return List.of((HasMetadata) parsed);
    }
}
