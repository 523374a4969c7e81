package dev.connectha.localcloud;

import dev.connectha.config.DocumentKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.localcloud.twin.Twin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StateEnteredEventDetails;

/**
 * Secrets stay secret: with the database password and the licence key seeded in Secrets Manager,
 * every workflow that runs on the local cloud runs once, one cluster through its life in the order
 * an operator meets them (preflight, provision a licensed node, backup, restore drill, rolling
 * upgrade, ensure capacity, retire a node, remediate a stopped node), and after each neither value
 * is in any state's input or output of any execution (the workflow's and its child executions'),
 * any SSM command's parameters, any notification or any line the functions logged. The nodes read
 * them, and only the nodes. One cluster for the whole class (the workflows are the cost), so the
 * tests run in order.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsStaySecretIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final String LICENCE_SECRET = "connect-ha/demo/licence";
  private static final String LICENCE_KEY = "LICENCE-KEY-7f3e-SECRET";

  private final LocalCloud cloud;
  private final Functions functions;
  private SecretScan scan;
  /** The values: the database password prepareProvisioning seeded, the licence key seeded here. */
  private List<String> secrets;
  private String provisioned;

  SecretsStaySecretIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  /** GIVEN two nodes in two of three zones, ready for new nodes, with a database password and a licence key in Secrets Manager. */
  @BeforeAll
  void aLicensedClusterWithItsSecretsInSecretsManager() {
    cloud.reset(new Twin.Spec("demo", 2, List.of("us-east-1a", "us-east-1b", "us-east-1c"), "2024.08.0"));
    cloud.redeploy(cloud.twin().prepareProvisioning());
    cloud.clients().secretsManager.createSecret(b -> b.name(LICENCE_SECRET).secretString(LICENCE_KEY));
    cloud.redeploy(Map.of("LicenseKeySecretId", LICENCE_SECRET));
    cloud.twin().bootTime(Duration.ofMillis(300));
    String password = cloud.clients().secretsManager.getSecretValue(b -> b.secretId(cloud.twin().dbPasswordSecret())).secretString();
    secrets = List.of(password, LICENCE_KEY);
    cloud.notifications();
    scan = new SecretScan(cloud);
  }

  @AfterAll
  void stopCapturingLogs() {
    scan.close();
  }

  private LocalCloud.Execution run(String stateMachine, String workflow, String input) {
    LocalCloud.Execution run = cloud.run(stateMachine, input, workflow + "-demo-" + UUID.randomUUID(), TIMEOUT);
    assertTrue(run.succeeded(), () -> workflow + ": " + run.error() + ": " + run.cause() + " " + run.lastStates(10));
    return run;
  }

  /**
   * THEN neither secret is anywhere; the places looked at include {@code run}'s execution, the child
   * executions of the state machines named, a notification of this workflow and the functions' logs.
   */
  private void assertNoSecretLeft(LocalCloud.Execution run, String... children) {
    Map<String, String> places = scan.look();
    assertTrue(places.containsKey("execution " + run.arn()), places.keySet().toString());
    for (String child : children) {
      assertTrue(places.keySet().stream().anyMatch(p -> p.contains(":execution:connect-ha-" + child + ":")),
          "a child execution of " + child + " among " + places.keySet());
    }
    assertTrue(places.get("execution " + run.arn()).contains("\"cluster\":\"demo\""), "the states' inputs are read, not redacted");
    assertTrue(places.keySet().stream().anyMatch(p -> p.startsWith("notification ")), "a notification was published");
    assertTrue(places.get("function logs").contains("\"level\":\"INFO\""), "the functions' JSON logs are captured");
    assertEquals(List.of(), SecretScan.leaks(places, secrets));
  }

  @Test
  @Order(0)
  void theScanFindsASecretPlantedInAStatesInputThatTheSdksToStringRedacts() {
    HistoryEvent planted = HistoryEvent.builder().id(1L).type(HistoryEventType.TASK_STATE_ENTERED)
        .stateEnteredEventDetails(StateEnteredEventDetails.builder().name("Leaky").input("{\"password\":\"" + secrets.get(0) + "\"}")
            .build()).build();

    assertFalse(planted.toString().contains(secrets.get(0)), "the SDK redacts it: " + planted);
    assertEquals(List.of(secrets.get(0) + " in execution x"), SecretScan.leaks(Map.of("execution x", SecretScan.fields(planted)), secrets));
    assertEquals(List.of(LICENCE_KEY + " in function logs"),
        SecretScan.leaks(Map.of("function logs", "{\"message\":\"key " + LICENCE_KEY + "\"}"), secrets));
  }

  @Test
  @Order(2)
  void preflight() {
    LocalCloud.Execution run = run("PreflightStateMachine", "preflight", "{\"cluster\":\"demo\",\"pollSeconds\":1}");

    assertNoSecretLeft(run);
  }

  @Test
  @Order(3)
  void provisionNodeWithTheLicenceActivated() {
    LocalCloud.Execution run = run("ProvisionNodeStateMachine", "provision-node", "{\"cluster\":\"demo\",\"pollSeconds\":1,\"bootSeconds\":30}");
    provisioned = run.output().path("instanceId").asText();

    assertTrue(cloud.twin().node(provisioned).files.containsKey("root/var/lib/connect-ha/license-activated"));
    assertEquals(secrets.get(0), cloud.twin().node(provisioned).get("Postgres", "Password"), "the node read the password itself");
    assertTrue(scan.look().entrySet().stream().anyMatch(p -> p.getKey().startsWith("command sent")
            && p.getValue().startsWith(cloud.documentName(DocumentKind.BOOTSTRAP_NODE)) && p.getValue().contains(cloud.twin().dbPasswordSecret())),
        "the bootstrap commands, which name the secrets by id, are among the places looked at");
    assertNoSecretLeft(run, "install-node");
  }

  private String setId;

  @Test
  @Order(4)
  void backup() {
    LocalCloud.Execution run = run("BackupStateMachine", "backup", "{\"cluster\":\"demo\",\"pollSeconds\":1}");
    setId = run.output().path("setId").asText();

    assertNoSecretLeft(run);
  }

  @Test
  @Order(5)
  void restoreDrill() {
    LocalCloud.Execution run = run("RestoreStateMachine", "restore",
        "{\"cluster\":\"demo\",\"setId\":\"" + setId + "\",\"mode\":\"drill\",\"pollSeconds\":1}");

    assertNoSecretLeft(run);
  }

  @Test
  @Order(6)
  void rollingUpgrade() {
    LocalCloud.Execution run = run("RollingUpgradeStateMachine", "rolling-upgrade",
        "{\"cluster\":\"demo\",\"targetVersion\":\"2024.10.0\",\"options\":{\"pollSeconds\":1}}");

    assertNoSecretLeft(run, "install-node");
  }

  @Test
  @Order(7)
  void ensureCapacity() {
    LocalCloud.Execution run = run("EnsureCapacityStateMachine", "ensure-capacity",
        "{\"cluster\":\"demo\",\"desiredNodes\":4,\"pollSeconds\":1,\"bootSeconds\":30,\"drainSeconds\":0}");

    assertNoSecretLeft(run, "provision-node", "install-node");
  }

  @Test
  @Order(8)
  void retireNode() {
    LocalCloud.Execution run = run("RetireNodeStateMachine", "retire-node",
        "{\"cluster\":\"demo\",\"instanceId\":\"" + provisioned + "\",\"drainSeconds\":0,\"pollSeconds\":1}");

    assertNoSecretLeft(run);
  }

  @Test
  @Order(9)
  void remediateAStoppedNode() {
    String stopped = cloud.twin().launchedInstances().stream().filter(id -> !id.equals(provisioned)).findFirst().orElseThrow();
    cloud.clients().ec2.stopInstances(b -> b.instanceIds(stopped));

    JsonNode answer = functions.run("OpenIncidentFunction", RemediateIT.instanceEvent(stopped, "stopped"));
    assertEquals("opened", answer.path("outcome").asText(), answer.toString());
    LocalCloud.Execution run = cloud.await(cloud.template().resource("RemediateStateMachine").ref()
        .replace(":stateMachine:", ":execution:") + ":" + answer.path("execution").asText(), TIMEOUT);

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause() + " " + run.lastStates(10));
    assertNoSecretLeft(run, "provision-node", "install-node");
  }

  /** Last: what it plants stays where it planted it. */
  @Test
  @Order(10)
  void theScanFindsSecretsPlantedInALogLineANotificationAndACommand() {
    org.apache.logging.log4j.LogManager.getLogger("dev.connectha.planted").info("a careless line with {}", secrets.get(1));
    cloud.clients().sns.publish(b -> b.topicArn(cloud.template().resource("NotificationTopic").ref())
        .message("a careless summary with " + secrets.get(0)));
    cloud.clients().ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(cloud.twin().node(0).instanceId)
        .parameters(Map.of("commands", List.of("echo " + secrets.get(0)))));

    List<String> leaks = SecretScan.leaks(scan.look(), secrets);

    assertTrue(leaks.contains(secrets.get(1) + " in function logs"), leaks.toString());
    assertTrue(leaks.stream().anyMatch(l -> l.startsWith(secrets.get(0) + " in notification ")), leaks.toString());
    assertTrue(leaks.stream().anyMatch(l -> l.startsWith(secrets.get(0) + " in command stored ")), leaks.toString());
  }
}
