package dev.connectha.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchNodeInputTest {
  static final String SUBNET = "subnet-0aaaaaaaaaaaaaaaa";
  static final String TEMPLATE = "lt-0123456789abcdef0";
  static final String INSTANCE = "i-0123456789abcdef0";

  private static LaunchNodeInput launch(String az, String subnetId, String launchTemplate) {
    return new LaunchNodeInput("demo", "launch", "exec-1", az, subnetId, launchTemplate, null, null, null);
  }

  private static LaunchNodeInput await(String instanceId, Integer pollSeconds, Integer timeoutSeconds) {
    return new LaunchNodeInput("demo", "await", "exec-1", null, null, null, instanceId, pollSeconds, timeoutSeconds);
  }

  private static String refusal(Executable input) {
    return assertThrows(InvalidInputException.class, input).getMessage();
  }

  @Test
  void defaultsToAFiveSecondPollAndATenMinuteBoot() {
    LaunchNodeInput input = await(INSTANCE, null, null);

    assertEquals(5, input.pollSeconds());
    assertEquals(600, input.timeoutSeconds());
  }

  @Test
  void aLaunchTakesItsZoneSubnetAndTemplate() {
    LaunchNodeInput input = launch("us-east-1a", SUBNET, "connect-demo-nodes");

    assertEquals("launch", input.action());
    assertEquals("us-east-1a", input.az());
    assertEquals(SUBNET, input.subnetId());
    assertEquals("connect-demo-nodes", input.launchTemplate());
  }

  @Test
  void aRemoveNeedsOnlyTheClusterAndTheExecution() {
    assertEquals("remove", new LaunchNodeInput("demo", "remove", "exec-1", null, null, null, null, null, null).action());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Launch", "retire", "await ", "stop"})
  void anUnknownActionIsInvalidInputNamingTheField(String action) {
    String message = refusal(() -> new LaunchNodeInput("demo", action, "exec-1", null, null, null, null, null, null));

    assertTrue(message.startsWith("action must be launch, await, remove, terminate or quarantine: "), message);
    assertTrue(message.endsWith(action == null ? "(missing)" : "'" + action + "'"), message);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void aMissingExecutionIdIsInvalidInputNamingTheField(String executionId) {
    String message = refusal(() -> new LaunchNodeInput("demo", "remove", executionId, null, null, null, null, null, null));

    assertTrue(message.startsWith("executionId "), message);
  }

  @Test
  void anExecutionIdLongerThanAnExecutionArnIsInvalidInput() {
    assertEquals(256, new LaunchNodeInput("demo", "remove", "x".repeat(256), null, null, null, null, null, null)
        .executionId().length());
    String message = refusal(() -> new LaunchNodeInput("demo", "remove", "x".repeat(257), null, null, null, null, null, null));

    assertTrue(message.startsWith("executionId "), message);
  }

  @Test
  void aMalformedClusterIsInvalidInput() {
    String message = refusal(() -> new LaunchNodeInput("Demo", "remove", "exec-1", null, null, null, null, null, null));

    assertTrue(message.startsWith("cluster name must be"), message);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"us-east-1", "use1-az1"})
  void aLaunchWithoutAValidZoneIsInvalidInputNamingAz(String az) {
    String message = refusal(() -> launch(az, SUBNET, TEMPLATE));

    assertTrue(message.startsWith("az: not an Availability Zone name"), message);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"subnet-1234567", "subnet-0AAAAAAAA", "sn-0aaaaaaaa", "subnet-0aaaaaaaaaaaaaaaaa"})
  void aLaunchWithoutAValidSubnetIsInvalidInputNamingSubnetId(String subnetId) {
    String message = refusal(() -> launch("us-east-1a", subnetId, TEMPLATE));

    assertTrue(message.startsWith("subnetId: not a subnet id: "), message);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void aLaunchWithoutALaunchTemplateIsInvalidInputNamingIt(String launchTemplate) {
    String message = refusal(() -> launch("us-east-1a", SUBNET, launchTemplate));

    assertEquals("launchTemplate is required to launch", message);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"i-123", "i-0123ABCD", "node-1", "i-0123456789abcdef01"})
  void anAwaitWithoutAValidInstanceIdIsInvalidInputNamingIt(String instanceId) {
    String message = refusal(() -> await(instanceId, null, null));

    assertTrue(message.startsWith("instanceId: not an EC2 instance id: "), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"i-0123abcd", INSTANCE})
  void anAwaitTakesShortAndLongInstanceIds(String instanceId) {
    assertEquals(instanceId, await(instanceId, null, null).instanceId());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 61, Integer.MIN_VALUE})
  void aPollOutsideZeroToSixtyIsInvalidInputNamingIt(int pollSeconds) {
    String message = refusal(() -> await(INSTANCE, pollSeconds, null));

    assertEquals("pollSeconds must be between 0 and 60: " + pollSeconds, message);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 841, -5})
  void aTimeoutOutsideOneToEightHundredFortyIsInvalidInputNamingIt(int timeoutSeconds) {
    String message = refusal(() -> await(INSTANCE, null, timeoutSeconds));

    assertEquals("timeoutSeconds must be between 1 and 840: " + timeoutSeconds, message);
  }

  @Test
  void acceptsTheBoundsOfPollAndTimeout() {
    assertEquals(0, await(INSTANCE, 0, 1).pollSeconds());
    assertEquals(1, await(INSTANCE, 0, 1).timeoutSeconds());
    assertEquals(60, await(INSTANCE, 60, 840).pollSeconds());
    assertEquals(840, await(INSTANCE, 60, 840).timeoutSeconds());
  }

  @Test
  void theRangesAreCheckedForEveryActionNotOnlyAwait() {
    String message = refusal(() -> new LaunchNodeInput("demo", "remove", "exec-1", null, null, null, null, 61, null));

    assertTrue(message.startsWith("pollSeconds"), message);
  }
}
