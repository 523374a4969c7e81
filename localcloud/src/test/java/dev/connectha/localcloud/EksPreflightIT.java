package dev.connectha.localcloud;

import static dev.connectha.localcloud.PreflightWorkflowIT.failedTaskErrors;
import static dev.connectha.localcloud.PreflightWorkflowIT.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.ErrorNames;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.KubernetesTwin;
import dev.connectha.localcloud.twin.Twin;
import dev.connectha.model.ClusterDocument;
import dev.connectha.model.EksPlacement;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * statemachines/preflight.asl.json over an eks-topology cluster of the local cloud (KubernetesTwin): the EKS
 * checklist passes on a seeded cluster, each fault injected in the Kubernetes API (through the twin's own fabric8
 * client) or in AWS fails its rule, and bad input ends in a named error with nothing changed.
 */
@ExtendWith(LocalCloudExtension.class)
class EksPreflightIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String CLUSTER = "eksp";
  private static final List<String> EKS_RULES = List.of("same-image-tag", "same-config", "unique-metrics-path",
      "off-host-execution", "sticky-sessions", "cross-zone", "multi-az-nodes", "replicas-spread", "efs-mount-targets",
      "rds-postgres", "rds-multi-az", "rds-subnet-group", "efs-encrypted");
  private final LocalCloud cloud;
  private ClusterDocument document;
  /** What the last preflight published to the notification topic. */
  private String summary;

  EksPreflightIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeEach
  void seededEksCluster() {
    cloud.reset(Twin.Spec.defaults());
    document = cloud.kubernetes().seed(CLUSTER, 2);
    cloud.gateway().resetCounts();
  }

  private LocalCloud.Execution preflight() {
    return cloud.run("PreflightStateMachine", "{\"cluster\":\"" + CLUSTER + "\",\"pollSeconds\":1}",
        "preflight-" + CLUSTER + "-" + UUID.randomUUID(), TIMEOUT);
  }

  private KubernetesClient k8s() {
    return cloud.kubernetes().client(CLUSTER);
  }

  private List<Pod> pods() {
    return k8s().pods().inNamespace(KubernetesTwin.NAMESPACE).list().getItems().stream()
        .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName())).toList();
  }

  /** The preflight succeeds, and exactly {@code failing} fail (nothing warns). */
  private LocalCloud.Execution assertFails(String... failing) {
    LocalCloud.Execution run = preflight();
    summary = String.join("\n", cloud.notifications());
    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals(Set.of(failing), rules(run.output(), "FAIL"), () -> summary);
    assertEquals(Set.of(), rules(run.output(), "WARN"), () -> summary);
    assertEquals(failing.length == 0 ? "PASS" : "FAIL", run.output().path("verdict").asText());
    assertOnlyReadsAndReports();
    return run;
  }

  @Test
  void aSeededEksClusterPassesEveryEksRule() {
    LocalCloud.Execution run = assertFails();
    List<String> rules = new ArrayList<>();
    run.output().path("findings").forEach(f -> rules.add(f.path("rule").asText()));
    assertEquals(EKS_RULES, rules);
    assertTrue(summary.startsWith("Preflight of Connect cluster '" + CLUSTER + "': PASS (13 pass, 0 warn, 0 fail)"), summary);
    // no EC2 node was looked for, no SSM command sent
    assertFalse(cloud.gateway().callCounts().containsKey("ec2:DescribeInstances"), cloud.gateway().callCounts()::toString);
    assertFalse(cloud.gateway().callCounts().containsKey("ssm:SendCommand"), cloud.gateway().callCounts()::toString);
  }

  @Test
  void theExecutionHistoryHoldsNoConfigurationContent() {
    LocalCloud.Execution run = preflight();
    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    String history = run.history().toString() + run.output();
    assertFalse(history.contains("postgres://"), "the ConfigMap's database URL is in the execution history");
    assertFalse(history.contains("connect.example.com"), "the ConfigMap's content is in the execution history");
  }

  @Test
  void aPodOnAnotherImageTagFailsSameImageTag() {
    Pod pod = pods().get(0);
    k8s().pods().inNamespace(KubernetesTwin.NAMESPACE).withName(pod.getMetadata().getName()).edit(p -> {
      Container connect = p.getSpec().getContainers().get(0);
      connect.setImage(connect.getImage().replaceAll(":.*$", ":ubuntu2204-2024.06.0"));
      return p;
    });
    assertFails("same-image-tag");
    assertTrue(summary.contains("ubuntu2204-2024.06.0"), summary);
  }

  @Test
  void aPodStartedOnAnotherConfigurationFailsSameConfig() {
    Pod pod = pods().get(1);
    k8s().pods().inNamespace(KubernetesTwin.NAMESPACE).withName(pod.getMetadata().getName()).edit(p -> {
      p.getMetadata().getAnnotations().put("checksum/config", "0000000000000000000000000000000000000000000000000000");
      return p;
    });
    assertFails("same-config");
  }

  @Test
  void launcherKubernetesOffInTheConfigMapFailsOffHostExecution() {
    editGcfg("Kubernetes = true", "Kubernetes = false");
    assertFails("off-host-execution");
  }

  @Test
  void metricsOnTheSharedDataDirFailUniqueMetricsPath() {
    editGcfg("DataPath = \"/var/lib/rstudio-connect-metrics\"", "DataPath = \"/var/lib/rstudio-connect/metrics\"");
    assertFails("unique-metrics-path");
  }

  @Test
  void everyPodInOneZoneFailsReplicasSpread() {
    String node = pods().get(0).getSpec().getNodeName();
    for (Pod pod : pods()) {
      k8s().pods().inNamespace(KubernetesTwin.NAMESPACE).withName(pod.getMetadata().getName()).edit(p -> {
        p.getSpec().setNodeName(node);
        return p;
      });
    }
    assertFails("replicas-spread");
  }

  @Test
  void efsMissingAMountTargetInAWorkerZoneFailsEfsMountTargets() {
    var mountTargets = cloud.clients().efs.describeMountTargets(b -> b.fileSystemId(document.fileSystemId())).mountTargets();
    var lastZone = mountTargets.stream().filter(mt -> mt.availabilityZoneName().equals(KubernetesTwin.ZONES.get(2)))
        .findFirst().orElseThrow();
    cloud.clients().efs.deleteMountTarget(b -> b.mountTargetId(lastZone.mountTargetId()));
    cloud.gateway().resetCounts();
    assertFails("efs-mount-targets");
    assertTrue(summary.contains("no mount target in [" + KubernetesTwin.ZONES.get(2) + "]"), summary);
  }

  // ---- bad input: named errors, nothing changed ----------------------------------------------

  @Test
  void anUnknownNamespaceIsWorkloadNotFound() {
    register(new EksPlacement(CLUSTER, "nowhere", document.eks().workload(), null, document.eks().helmRelease(),
        document.eks().configMap()));
    assertEndsIn(ErrorNames.WORKLOAD_NOT_FOUND, "no namespace nowhere");
  }

  @Test
  void anUnknownWorkloadIsWorkloadNotFound() {
    register(new EksPlacement(CLUSTER, KubernetesTwin.NAMESPACE, "no-such-connect", null, document.eks().helmRelease(),
        document.eks().configMap()));
    assertEndsIn(ErrorNames.WORKLOAD_NOT_FOUND, "no-such-connect");
  }

  @Test
  void aWorkloadWithoutAConnectContainerIsPreconditionFailed() {
    register(new EksPlacement(CLUSTER, KubernetesTwin.NAMESPACE, document.eks().workload(), "rstudio",
        document.eks().helmRelease(), document.eks().configMap()));
    assertEndsIn(ErrorNames.PRECONDITION_FAILED, "no container named rstudio");
  }

  @Test
  void noAccessToTheEksApiIsAwsCallFailedAndNotRetried() {
    cloud.gateway().injectFault("eks", "GET /clusters/" + CLUSTER + "/node-groups", 403, "AccessDeniedException", 100);
    assertEndsIn(ErrorNames.AWS_CALL_FAILED, "node groups");
    assertEquals(1, cloud.lambda().invocationCounts().get("connect-ha-RunWorkloadCommand"));
  }

  // ---- failure injection on the new Task state -----------------------------------------------

  @Test
  void aThrottledReadOfTheWorkloadIsRetriedByTheStateMachine() {
    cloud.gateway().injectFunctionError("connect-ha-RunWorkloadCommand", ErrorNames.AWS_THROTTLED, 0, 1);
    Set<String> errors = failedTaskErrors(assertFails());
    assertTrue(errors.contains(ErrorNames.AWS_THROTTLED), errors::toString);
  }

  @Test
  void aTerminalErrorReadingTheWorkloadIsPublishedAndEndsTheExecution() {
    cloud.gateway().injectFunctionError("connect-ha-RunWorkloadCommand", ErrorNames.PRECONDITION_FAILED, 0, 1);
    assertEndsIn(ErrorNames.PRECONDITION_FAILED, "");
  }

  private void assertEndsIn(String error, String causePart) {
    LocalCloud.Execution run = preflight();
    summary = String.join("\n", cloud.notifications());
    assertEquals("FAILED", run.status(), () -> String.valueOf(run.output()));
    assertEquals(error, run.error(), run::cause);
    assertTrue(String.valueOf(run.cause()).contains(causePart), run::cause);
    assertTrue(summary.contains("could not complete"), summary);
    assertOnlyReadsAndReports();
    assertFalse(cloud.lambda().invocationCounts().containsKey("connect-ha-CheckHaReadiness"));
  }

  /** Registers the cluster's document with {@code eks} in place of the seeded placement, as an operator would. */
  private void register(EksPlacement eks) {
    ClusterDocument d = document;
    ClusterDocument changed = new ClusterDocument(d.name(), d.targetGroupArn(), d.dbInstanceId(), d.dbClusterId(),
        d.fileSystemId(), d.launchTemplateId(), d.subnetsByAz(), d.backupVault(), d.backupRoleArn(), d.packageSource(),
        d.desiredNodes(), d.connectVersion(), d.dataDir(), d.configParameter(), d.dbPasswordSecretId(),
        d.licenseKeySecretId(), d.connectUid(), d.connectGid(), d.runAsAccounts(), d.minHealthy(), d.zonalShift(),
        d.topology(), eks);
    try {
      String json = Json.MAPPER.writeValueAsString(changed);
      cloud.clients().ssm.putParameter(b -> b.name(KubernetesTwin.CLUSTER_PREFIX + CLUSTER).type(ParameterType.STRING)
          .value(json).overwrite(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cloud.gateway().resetCounts();
  }

  private void editGcfg(String from, String to) {
    k8s().configMaps().inNamespace(KubernetesTwin.NAMESPACE).withName(document.eks().configMap()).edit(c -> {
      String gcfg = c.getData().get("rstudio-connect.gcfg");
      assertTrue(gcfg.contains(from), gcfg);
      c.setData(Map.of("rstudio-connect.gcfg", gcfg.replace(from, to)));
      return c;
    });
  }

  /** Preflight reads and reports: no AWS call that changes anything, and on Kubernetes only GETs. */
  private void assertOnlyReadsAndReports() {
    for (Map.Entry<String, Integer> call : cloud.gateway().callCounts().entrySet()) {
      String action = call.getKey().substring(call.getKey().indexOf(':') + 1);
      assertTrue(action.startsWith("Describe") || action.startsWith("Get") || action.startsWith("List")
          || action.startsWith("GET ") || action.equals("Invoke") || action.equals("Publish")
          || action.equals("PutParameter") && call.getKey().startsWith("ssm:"), call.getKey());
    }
    cloud.kubernetes().apiRequests(CLUSTER).forEach(r -> assertEquals("GET", r.method(), r.path()));
  }
}
