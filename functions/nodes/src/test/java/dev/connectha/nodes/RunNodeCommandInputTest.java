package dev.connectha.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RunNodeCommandInputTest {

  @Test
  void defaultsToEveryRunningNodeAFiveSecondPollAndAFiveMinuteWait() {
    RunNodeCommandInput input = new RunNodeCommandInput("prod", "status", null, null, null, null);

    assertNull(input.instanceIds());
    assertEquals(5, input.pollSeconds());
    assertEquals(300, input.timeoutSeconds());
    assertEquals(NodeDocument.STATUS, input.action());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stop", "start", "status"})
  void acceptsTheDocumentsWithoutAVersion(String document) {
    assertEquals(document, new RunNodeCommandInput("prod", document, null, null, null, null).action().id());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"restart", "STOP", "connect-ha-StopConnect", " stop"})
  void rejectsAnyOtherDocument(String document) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new RunNodeCommandInput("prod", document, null, null, null, null));

    assertTrue(e.getMessage().startsWith("document must be one of stop, start, status, stage, install, bootstrap, deactivate: "), e.getMessage());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Prod", "a_b", "-prod"})
  void rejectsBadClusterNames(String cluster) {
    assertThrows(InvalidInputException.class, () -> new RunNodeCommandInput(cluster, "stop", null, null, null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"i-0123abcd", "i-0123456789abcdef0"})
  void acceptsShortAndLongInstanceIds(String id) {
    assertEquals(List.of(id), new RunNodeCommandInput("prod", "stop", List.of(id), null, null, null).instanceIds());
  }

  @ParameterizedTest
  @ValueSource(strings = {"i-0123", "i-0123456789ABCDEF0", "mi-0123456789abcdef0", "0123456789abcdef0",
      "i-0123456789abcdef0 ", "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"})
  void rejectsWhatIsNotAnEc2InstanceId(String id) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new RunNodeCommandInput("prod", "stop", List.of(id), null, null, null));

    assertTrue(e.getMessage().startsWith("not an EC2 instance id"), e.getMessage());
  }

  @Test
  void rejectsANullInstanceId() {
    List<String> ids = new ArrayList<>(Arrays.asList("i-0123abcd", null));

    assertThrows(InvalidInputException.class, () -> new RunNodeCommandInput("prod", "stop", ids, null, null, null));
  }

  @Test
  void rejectsAnEmptyListOfInstanceIdsRatherThanGuessingAllOrNone() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new RunNodeCommandInput("prod", "stop", List.of(), null, null, null));

    assertTrue(e.getMessage().contains("leave it out for every running node"), e.getMessage());
  }

  @Test
  void rejectsAnInstanceNamedTwice() {
    assertThrows(InvalidInputException.class,
        () -> new RunNodeCommandInput("prod", "stop", List.of("i-0123abcd", "i-0123abcd"), null, null, null));
  }

  @Test
  void exceptInstanceIdsLeaveNodesOutOfEveryRunningNodeOnly() {
    RunNodeCommandInput input = new RunNodeCommandInput("prod", "start", null, null, null, null, null, null, null,
        List.of("i-0123abcd"), null);

    assertEquals(List.of("i-0123abcd"), input.exceptInstanceIds());
    InvalidInputException both = assertThrows(InvalidInputException.class, () -> new RunNodeCommandInput("prod",
        "start", List.of("i-0123abce"), null, null, null, null, null, null, List.of("i-0123abcd"), null));
    assertTrue(both.getMessage().contains("exceptInstanceIds is only for every running node"), both.getMessage());
    InvalidInputException bad = assertThrows(InvalidInputException.class, () -> new RunNodeCommandInput("prod",
        "start", null, null, null, null, null, null, null, List.of("node-1"), null));
    assertTrue(bad.getMessage().startsWith("not an EC2 instance id in exceptInstanceIds"), bad.getMessage());
  }

  @Test
  void keepsItsOwnCopyOfTheInstanceIds() {
    List<String> ids = new ArrayList<>(List.of("i-0123abcd"));
    RunNodeCommandInput input = new RunNodeCommandInput("prod", "stop", ids, null, null, null);

    ids.add("i-0123abce");

    assertEquals(List.of("i-0123abcd"), input.instanceIds());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 61})
  void rejectsPollsOutsideZeroToSixty(int pollSeconds) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new RunNodeCommandInput("prod", "stop", null, pollSeconds, null, null));

    assertEquals("pollSeconds must be between 0 and 60: " + pollSeconds, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5, 841, 3600})
  void rejectsTimeoutsTheFunctionCouldNotWaitFor(int timeoutSeconds) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new RunNodeCommandInput("prod", "stop", null, null, timeoutSeconds, null));

    assertEquals("timeoutSeconds must be between 1 and 840: " + timeoutSeconds, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 840})
  void acceptsTimeoutsFromOneSecondToFourteenMinutes(int timeoutSeconds) {
    assertEquals(timeoutSeconds,
        new RunNodeCommandInput("prod", "stop", null, null, timeoutSeconds, null).timeoutSeconds());
  }

  // ---- stage, install, expectVersion ----------------------------------------------------------

  private static RunNodeCommandInput with(String document, String version, String packageSource, String expectVersion) {
    return new RunNodeCommandInput("prod", document, null, null, null, null, version, packageSource, expectVersion, null, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"stage", "install"})
  void stageAndInstallTakeAVersion(String document) {
    RunNodeCommandInput input = with(document, " 2024.10.0", null, null);

    assertEquals(document, input.action().id());
    assertEquals("2024.10.0", input.version());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stage", "install"})
  void stageAndInstallWithoutAVersionAreInvalidInput(String document) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> with(document, null, null, null));

    assertEquals("version is required to " + document + " (YYYY.MM.PATCH, e.g. 2024.10.0)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024.10", "2024.1.0", "v2024.10.0", "2024.13.0", "2024.10.0-1", "latest", "", "2024.10.0; reboot"})
  void aMalformedVersionIsInvalidInputThatNamesTheField(String version) {
    InvalidInputException stage = assertThrows(InvalidInputException.class, () -> with("stage", version, null, null));
    InvalidInputException start = assertThrows(InvalidInputException.class, () -> with("start", null, null, version));

    assertTrue(stage.getMessage().startsWith("version: not a Connect version"), stage.getMessage());
    assertTrue(start.getMessage().startsWith("expectVersion: not a Connect version"), start.getMessage());
  }

  @Test
  void aStageMayNameItsPackageSourceWhichIsCheckedAndTrimmed() {
    assertEquals("https://mirror.example.com/connect", with("stage", "2024.10.0", "https://mirror.example.com/connect/", null)
        .packageSource());
    assertNull(with("stage", "2024.10.0", null, null).packageSource(), "default: the cluster document's");

    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> with("stage", "2024.10.0", "https://x.example.com/$(reboot)", null));
    assertTrue(e.getMessage().startsWith("packageSource must be an http(s) URL"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stop", "start", "status", "install"})
  void onlyAStageTakesAPackageSource(String document) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> with(document, document.equals("install") ? "2024.10.0" : null, "https://cdn.posit.co/connect", null));

    assertEquals("packageSource is only for stage", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stop", "start", "status"})
  void aVersionIsOnlyForStageAndInstall(String document) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> with(document, "2024.10.0", null, null));

    assertTrue(e.getMessage().startsWith("version is only for stage and install"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"start", "status"})
  void startAndStatusMayExpectAVersion(String document) {
    assertEquals("2024.10.0", with(document, null, null, "2024.10.0").expectVersion());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stop", "stage", "install"})
  void onlyStartAndStatusExpectAVersion(String document) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> with(document, document.equals("stop") ? null : "2024.10.0", null, "2024.10.0"));

    assertTrue(e.getMessage().startsWith("expectVersion is only for start and status"), e.getMessage());
  }

  // ---- bootstrap, deactivate, requireSuccess ------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"bootstrap", "deactivate"})
  void aBootstrapOrDeactivateWithoutInstanceIdsIsInvalidInputNamingTheField(String document) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new RunNodeCommandInput("prod", document, null, null, null, null));

    assertTrue(e.getMessage().startsWith("instanceIds is required to " + document), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bootstrap", "deactivate"})
  void aBootstrapOrDeactivateOfEveryRunningNodeButSomeIsStillRefused(String document) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new RunNodeCommandInput("prod", document,
        null, null, null, null, null, null, null, List.of("i-0123abcd"), null));

    assertTrue(e.getMessage().startsWith("instanceIds is required to " + document), e.getMessage());
  }

  @Test
  void aBootstrapOfNamedNodesIsAccepted() {
    RunNodeCommandInput input = new RunNodeCommandInput("prod", "bootstrap", List.of("i-0123abcd"), null, null, null);

    assertEquals(NodeDocument.BOOTSTRAP, input.action());
    assertEquals(List.of("i-0123abcd"), input.instanceIds());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bootstrap", "deactivate"})
  void aBootstrapOrDeactivateTakesNoVersion(String document) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new RunNodeCommandInput("prod", document,
        List.of("i-0123abcd"), null, null, null, "2024.10.0", null, null, null, null));

    assertTrue(e.getMessage().startsWith("version is only for stage and install"), e.getMessage());
  }

  @Test
  void requireSuccessDefaultsToFalse() {
    assertEquals(Boolean.FALSE, new RunNodeCommandInput("prod", "stop", null, null, null, null).requireSuccess());
    assertEquals(Boolean.FALSE, new RunNodeCommandInput("prod", "stop", null, null, null, null, null, null, null, null, false)
        .requireSuccess());
    assertEquals(Boolean.TRUE, new RunNodeCommandInput("prod", "stop", null, null, null, null, null, null, null, null, true)
        .requireSuccess());
  }

  @ParameterizedTest
  @CsvSource({"bootstrap, BOOTSTRAP", "deactivate, DEACTIVATE"})
  void aStepFunctionsInputReadsRequireSuccessAndTheBootstrapsOrDeactivatesNodes(String document, NodeDocument action)
      throws Exception {
    RunNodeCommandInput input = Json.MAPPER.readValue(
        "{\"cluster\":\"prod\",\"document\":\"" + document + "\",\"instanceIds\":[\"i-0123abcd\"],\"requireSuccess\":true}",
        RunNodeCommandInput.class);

    assertEquals(action, input.action());
    assertEquals(Boolean.TRUE, input.requireSuccess());
    assertEquals(List.of("i-0123abcd"), input.instanceIds());
  }
}
