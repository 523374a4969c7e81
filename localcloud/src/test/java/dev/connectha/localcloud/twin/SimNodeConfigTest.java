package dev.connectha.localcloud.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A node's rstudio-connect.gcfg as a script wrote it, read back into the twin's node. */
class SimNodeConfigTest {
  private static final String WRITTEN = """
      [Server]
      Address = "https://connect.example.com"

      ; ---- written by ConnectHa-BootstrapNode ----
      [Server]
      DataDir = "/var/lib/rstudio-connect"

      [Postgres]
      Password = "a\\\\b\\"c"
      """;

  @Test
  void aWrittenConfigIsReadAsGcfgTheLastValueWinsAndQuotedValuesUnescaped() {
    SimNode node = new SimNode();
    node.loadConfig(WRITTEN);

    assertEquals("https://connect.example.com", node.get("Server", "Address"));
    assertEquals("/var/lib/rstudio-connect", node.get("Server", "DataDir"));
    assertEquals("a\\b\"c", node.get("Postgres", "Password"));
  }

  @Test
  void theNodeKeepsTheFileAsWrittenUntilTheTwinChangesAProperty() {
    SimNode node = new SimNode();
    node.loadConfig(WRITTEN);
    assertEquals(WRITTEN, node.renderConfig(), "byte for byte: a second bootstrap finds it unchanged");

    node.set("HTTP", "Listen", ":3939");

    assertFalse(node.renderConfig().equals(WRITTEN));
    assertTrue(node.renderConfig().contains("[HTTP]\nListen = :3939\n"));
    assertTrue(node.renderConfig().contains("DataDir = /var/lib/rstudio-connect\n"));
  }
}
