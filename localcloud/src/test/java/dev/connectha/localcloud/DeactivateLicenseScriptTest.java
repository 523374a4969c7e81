package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.DocumentKind;
import dev.connectha.localcloud.ScriptRuns.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real DeactivateLicense document's script, taken from template.yaml, run with bash against a
 * temporary directory standing for a retiring node's file system ({@code CONNECT_HA_ROOT}), with a
 * stub {@code license-manager} on PATH that journals its arguments.
 */
class DeactivateLicenseScriptTest {
  private static final CloudTemplate TEMPLATE = CloudTemplate.load(LocalCloud.projectRoot().resolve("template.yaml"),
      LocalCloud.STACK, LocalCloud.REGION,
      Map.of("TargetGroupArn", "tg", "DbInstanceIdentifier", "db", "FileSystemId", "fs-0123456789abcdef0"));
  private static final String DEACTIVATE = LocalCloud.script(TEMPLATE.properties("DeactivateLicenseDocument"));
  private static final String MARKER = "var/lib/connect-ha/license-activated";

  @TempDir
  Path dir;
  private Path bin;
  private Path marker;
  private Path journal;

  @BeforeEach
  void layOutTheNode() throws IOException {
    bin = Files.createDirectories(dir.resolve("bin"));
    marker = dir.resolve("root").resolve(MARKER);
    Files.createDirectories(marker.getParent());
    journal = dir.resolve("license-manager.calls");
  }

  private void activated() throws IOException {
    Files.writeString(marker, "activated by ConnectHa-BootstrapNode\n");
  }

  /** A license-manager that journals its arguments, prints {@code output} and exits with {@code exit}. */
  private void licenseManager(String output, int exit) throws IOException {
    Path printed = Files.writeString(dir.resolve("license-manager.out"), output);
    Path stub = bin.resolve("license-manager");
    Files.writeString(stub, "#!/bin/sh\necho \"$*\" >> '" + journal + "'\ncat '" + printed + "'\nexit " + exit + "\n");
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private List<String> licenseManagerCalls() throws IOException {
    return Files.exists(journal) ? Files.readAllLines(journal) : List.of();
  }

  private Output deactivate() {
    return ScriptRuns.run(dir, bin, DEACTIVATE, Map.of(), Duration.ofSeconds(60));
  }

  @Test
  void theDocumentIsOneShellStepWithoutParametersUnderItsName() {
    JsonNode properties = TEMPLATE.properties("DeactivateLicenseDocument");
    JsonNode steps = properties.path("Content").path("mainSteps");

    assertAll(
        () -> assertEquals(LocalCloud.documentName(LocalCloud.STACK, DocumentKind.DEACTIVATE_LICENSE),
            TEMPLATE.ref("DeactivateLicenseDocument")),
        () -> assertEquals("Command", properties.path("DocumentType").asText()),
        () -> assertEquals(1, steps.size()),
        () -> assertEquals("aws:runShellScript", steps.get(0).path("action").asText()),
        () -> assertEquals(1, steps.get(0).path("inputs").path("runCommand").size()),
        () -> assertTrue(DEACTIVATE.startsWith("#!/bin/bash\n")),
        () -> assertFalse(properties.path("Content").has("parameters"), "the document takes no parameters"));
  }

  @Test
  void givenAnActivatedNodeWhenDeactivatingThenLicenseManagerDeactivatesAndTheRecordIsRemoved() throws IOException {
    activated();
    licenseManager("Deactivated\n", 0);

    Output output = deactivate();

    assertEquals("{\"license\":\"deactivated\"}\n", output.stdout());
    assertEquals("", output.stderr());
    assertEquals(List.of("deactivate"), licenseManagerCalls());
    assertFalse(Files.exists(marker), "the activation record is removed");
  }

  @Test
  void givenANodeDeactivatedOnceWhenDeactivatingAgainThenNothingMoreIsDone() throws IOException {
    activated();
    licenseManager("", 0);
    deactivate().json();

    Output again = deactivate();

    assertEquals("none", again.json().path("license").asText());
    assertEquals(List.of("deactivate"), licenseManagerCalls(), "deactivated once, not again");
  }

  @Test
  void givenANodeTheBootstrapNeverActivatedWhenDeactivatingThenNoneAndLicenseManagerIsNotCalled() throws IOException {
    licenseManager("", 0);

    Output output = deactivate();

    assertEquals("{\"license\":\"none\"}\n", output.stdout());
    assertEquals(0, output.exit());
    assertEquals(List.of(), licenseManagerCalls());
  }

  @Test
  void givenANodeWithoutLicenseManagerOrActivationWhenDeactivatingThenNone() {
    assertEquals("none", deactivate().json().path("license").asText());
  }

  @Test
  void givenAnActivatedNodeWithoutLicenseManagerWhenDeactivatingThenItFailsSayingWhy() throws IOException {
    for (String path : List.of("/usr/bin/license-manager", "/bin/license-manager", "/opt/rstudio-connect/bin/license-manager")) {
      assumeFalse(Files.exists(Path.of(path)), "this machine has " + path);
    }
    activated();

    Output output = deactivate();

    assertNotEquals(0, output.exit());
    assertEquals("", output.stdout());
    assertEquals("ConnectHa-DeactivateLicense: the licence was activated here but license-manager is gone\n", output.stderr());
    assertTrue(Files.exists(marker), "the activation record is kept");
  }

  @Test
  void givenLicenseManagerFailingWhenDeactivatingThenItFailsWithItsLastLinesAndKeepsTheRecord() throws IOException {
    activated();
    licenseManager("line 1\nline 2\nline 3\nline 4\nServer unreachable: deactivation not recorded\n", 3);

    Output output = deactivate();

    assertNotEquals(0, output.exit());
    assertEquals("", output.stdout());
    assertEquals("ConnectHa-DeactivateLicense: license-manager deactivate failed: line 3 line 4 "
        + "Server unreachable: deactivation not recorded \n", output.stderr());
    assertEquals(List.of("deactivate"), licenseManagerCalls());
    assertTrue(Files.exists(marker), "the activation record is kept, so a retry deactivates again");
  }
}
