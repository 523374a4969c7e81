package dev.connectha.localcloud.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectha.json.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The objects Posit's {@code rstudio-connect} Helm chart installs for a release, as the local
 * Kubernetes holds them: the Deployment {@code <release>-rstudio-connect} (container {@code connect},
 * image {@code ghcr.io/rstudio/rstudio-connect:<tag>}), the ConfigMap
 * {@code <release>-rstudio-connect-config} with {@code rstudio-connect.gcfg} (off-host execution on:
 * {@code [Launcher] Enabled, Kubernetes}; {@code Server.DataDir} on the shared volume, {@code Metrics.DataPath} on a
 * pod-local one; the pod template stamped with its {@code checksum/config}), and Helm 3's
 * record of revision 1 (a Secret {@code sh.helm.release.v1.<release>.v1} of type
 * {@code helm.sh/release.v1}, its {@code release} the gzipped, base64-encoded release JSON with the
 * values as {@code config} and the chart's metadata), as {@code helm install} leaves them.
 */
final class ConnectChart {
  static final String IMAGE_REPOSITORY = "ghcr.io/rstudio/rstudio-connect";
  static final String CHART = "rstudio-connect";
  static final String CHART_VERSION = "0.7.20";
  static final String IMAGE_TAG_PREFIX = "ubuntu2204-";
  static final String DATA_DIR = "/var/lib/rstudio-connect";
  static final String CONFIG_FILE = "rstudio-connect.gcfg";
  /** Where each pod keeps its metrics: a pod-local emptyDir, so Metrics.DataPath is unique per pod. */
  static final String METRICS_DIR = "/var/lib/rstudio-connect-metrics";

  private final String release;
  private final String namespace;
  private final String connectVersion;
  private final int replicas;
  private final String postgresUrl;

  ConnectChart(String release, String namespace, String connectVersion, int replicas, String postgresUrl) {
    this.release = release;
    this.namespace = namespace;
    this.connectVersion = connectVersion;
    this.replicas = replicas;
    this.postgresUrl = postgresUrl;
  }

  String workload() {
    return release + "-" + CHART;
  }

  String configMapName() {
    return workload() + "-config";
  }

  String imageTag() {
    return IMAGE_TAG_PREFIX + connectVersion;
  }

  /** The labels the chart's selector matches (and every pod carries). */
  Map<String, String> selector() {
    return Map.of("app.kubernetes.io/name", CHART, "app.kubernetes.io/instance", release);
  }

  Deployment deployment() {
    Map<String, String> labels = new LinkedHashMap<>(selector());
    labels.put("app.kubernetes.io/managed-by", "Helm");
    labels.put("helm.sh/chart", CHART + "-" + CHART_VERSION);
    return new DeploymentBuilder()
        .withNewMetadata().withName(workload()).withNamespace(namespace).withLabels(labels)
        .withAnnotations(Map.of("meta.helm.sh/release-name", release, "meta.helm.sh/release-namespace", namespace))
        .endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withNewSelector().withMatchLabels(selector()).endSelector()
        .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
        .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString("25%")).endRollingUpdate().endStrategy()
        // as the chart does: a pod keeps the configuration it started with (subPath), and this digest says which
        .withNewTemplate().withNewMetadata().withLabels(selector())
        .withAnnotations(Map.of("checksum/config", configChecksum())).endMetadata()
        .withNewSpec().withContainers(new ContainerBuilder().withName("connect")
            .withImage(IMAGE_REPOSITORY + ":" + imageTag())
            .addNewPort().withName("http").withContainerPort(3939).endPort()
            .withNewReadinessProbe().withNewHttpGet().withPath("/__ping__").withPort(new IntOrString(3939)).endHttpGet()
            .withInitialDelaySeconds(3).endReadinessProbe()
            .addNewVolumeMount().withName("rstudio-connect-config").withMountPath("/etc/rstudio-connect/" + CONFIG_FILE)
            .withSubPath(CONFIG_FILE).endVolumeMount()
            .addNewVolumeMount().withName("rstudio-connect-data").withMountPath(DATA_DIR).endVolumeMount()
            .addNewVolumeMount().withName("rstudio-connect-metrics").withMountPath(METRICS_DIR).endVolumeMount()
            .build())
        // Metrics.DataPath must be unique per pod (Posit's HA rule): a pod-local volume, off the shared storage
        .addNewVolume().withName("rstudio-connect-metrics").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewVolume().withName("rstudio-connect-config").withNewConfigMap().withName(configMapName()).endConfigMap()
        .endVolume()
        .addNewVolume().withName("rstudio-connect-data").withNewPersistentVolumeClaim()
        .withClaimName(workload() + "-shared-storage").endPersistentVolumeClaim().endVolume()
        .endSpec().endTemplate()
        .endSpec()
        .build();
  }

  /** Connect's configuration as the chart renders it from the values' {@code config}. */
  String gcfg() {
    return """
        [Server]
        Address = "https://connect.example.com"
        DataDir = "%s"

        [HTTP]
        Listen = ":3939"

        [Database]
        Provider = "postgres"

        [Postgres]
        URL = "%s"

        [Metrics]
        Enabled = true
        DataPath = "%s"

        [Launcher]
        Enabled = true
        Kubernetes = true
        KubernetesNamespace = "%s"
        DataDirPVCName = "%s"
        """.formatted(DATA_DIR, postgresUrl, METRICS_DIR, namespace, workload() + "-shared-storage");
  }

  /** The pod template's {@code checksum/config}: the chart's digest of the rendered ConfigMap (here, of its gcfg). */
  String configChecksum() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gcfg().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  ConfigMap configMap() {
    return new ConfigMapBuilder()
        .withNewMetadata().withName(configMapName()).withNamespace(namespace).withLabels(selector()).endMetadata()
        .withData(Map.of(CONFIG_FILE, gcfg()))
        .build();
  }

  /** The values the release was installed with ({@code helm get values}): what a restore needs beside RDS and EFS. */
  ObjectNode values() {
    ObjectNode values = Json.MAPPER.createObjectNode();
    values.put("replicas", replicas);
    values.putObject("image").put("repository", IMAGE_REPOSITORY).put("tagPrefix", IMAGE_TAG_PREFIX)
        .put("tag", imageTag());
    values.putObject("launcher").put("enabled", true).put("namespace", namespace);
    values.putObject("sharedStorage").put("create", true).put("mount", true).put("storageClassName", "efs-sc")
        .put("requests", "100Gi");
    ObjectNode config = values.putObject("config");
    config.putObject("Server").put("Address", "https://connect.example.com").put("DataDir", DATA_DIR);
    config.putObject("Database").put("Provider", "postgres");
    config.putObject("Postgres").put("URL", postgresUrl);
    config.putObject("Launcher").put("Enabled", true).put("Kubernetes", true);
    return values;
  }

  /** Helm 3's record of revision 1 of the release, deployed. */
  Secret helmRelease(Instant installed) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("name", release).put("namespace", namespace).put("version", 1);
    json.putObject("info").put("first_deployed", installed.toString()).put("last_deployed", installed.toString())
        .put("status", "deployed").put("description", "Install complete");
    ObjectNode chart = json.putObject("chart");
    chart.putObject("metadata").put("name", CHART).put("version", CHART_VERSION).put("appVersion", connectVersion)
        .put("apiVersion", "v2").put("description", "Official Helm chart for Posit Connect");
    chart.putObject("values").put("replicas", 1).putObject("image").put("repository", IMAGE_REPOSITORY);
    json.set("config", values());
    json.put("manifest", "---\n# Source: rstudio-connect/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\n");
    String helmEncoded = Base64.getEncoder().encodeToString(gzip(json.toString()));
    return new SecretBuilder()
        .withNewMetadata().withName("sh.helm.release.v1." + release + ".v1").withNamespace(namespace)
        .withLabels(Map.of("owner", "helm", "name", release, "status", "deployed", "version", "1"))
        .endMetadata()
        .withType("helm.sh/release.v1")
        // the API's own base64 of Secret data, over Helm's
        .withData(Map.of("release", Base64.getEncoder().encodeToString(helmEncoded.getBytes(StandardCharsets.US_ASCII))))
        .build();
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
