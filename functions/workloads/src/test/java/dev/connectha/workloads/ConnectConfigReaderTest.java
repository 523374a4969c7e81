package dev.connectha.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.eks.ConnectConfigFacts;
import org.junit.jupiter.api.Test;

/** The gcfg settings preflight reads, as Connect reads them. */
class ConnectConfigReaderTest {
  @Test
  void readsSectionsAndNamesWithoutRegardToCase() {
    ConnectConfigFacts facts = ConnectConfigReader.read("[launcher]\nENABLED = yes\nkubernetes=on\n[METRICS]\ndatapath=/m\n");
    assertEquals(true, facts.launcherEnabled());
    assertEquals(true, facts.launcherKubernetes());
    assertEquals("/m", facts.metricsDataPath());
    assertTrue(facts.offHostExecution());
  }

  @Test
  void dropsCommentsOutsideQuotesAndKeepsThemInside() {
    ConnectConfigFacts facts = ConnectConfigReader.read("""
        # a comment
        [Metrics]
        DataPath = "/var/lib/metrics;pod" ; a comment
        Graphite = false # another
        """);
    assertEquals("/var/lib/metrics;pod", facts.metricsDataPath());
    assertEquals(false, facts.graphiteEnabled());
  }

  @Test
  void keepsTheLastValueOfASettingSetTwice() {
    assertFalse(ConnectConfigReader.read("[Launcher]\nEnabled = true\nEnabled = false\n").launcherEnabled());
  }

  @Test
  void takesANameAloneAsTrueAndFollowsContinuedLines() {
    ConnectConfigFacts facts = ConnectConfigReader.read("[Launcher]\nEnabled\nKubernetes = \\\n  true\n");
    assertTrue(facts.launcherEnabled());
    assertTrue(facts.launcherKubernetes());
  }

  @Test
  void ignoresSubsectionsOfTheSameName() {
    ConnectConfigFacts facts = ConnectConfigReader.read("[Launcher \"other\"]\nEnabled = true\n");
    assertNull(facts.launcherEnabled());
    assertFalse(facts.offHostExecution());
  }

  @Test
  void defaultsTheMetricsPathUnderTheDataDirAsConnectDoes() {
    assertEquals("/var/lib/rstudio-connect/metrics", ConnectConfigReader.read("").effectiveMetricsPath());
    assertEquals("/data/metrics", ConnectConfigReader.read("[Server]\nDataDir = /data\n").effectiveMetricsPath());
  }

  @Test
  void refusesANonBooleanWithoutEchoingTheValue() {
    PreconditionFailedException e = assertThrows(PreconditionFailedException.class,
        () -> ConnectConfigReader.read("[Launcher]\nEnabled = s3cret\n"));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void takesTheDirectKubernetesRunnerAsOffHostExecution() {
    assertTrue(ConnectConfigReader.read("[Kubernetes]\nEnabled = true\n").offHostExecution());
  }
}
