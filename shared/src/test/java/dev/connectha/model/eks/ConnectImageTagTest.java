package dev.connectha.model.eks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ConnectVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectImageTagTest {

  @Test
  void readsTheVersionOfPositsOsPrefixedTag() {
    ConnectImageTag tag = ConnectImageTag.parse("ubuntu2204-2024.08.0");
    assertEquals("ubuntu2204-", tag.prefix());
    assertEquals(ConnectVersion.parse("2024.08.0"), tag.version());
  }

  @Test
  void anUpgradeKeepsTheOperatingSystemPrefix() {
    assertEquals("ubuntu2204-2024.09.1",
        ConnectImageTag.parse("ubuntu2204-2024.08.0").withVersion(ConnectVersion.parse("2024.09.1")));
    assertEquals("2024.09.1", ConnectImageTag.parse("2024.08.0").withVersion(ConnectVersion.parse("2024.09.1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "ubuntu2204", "x2024.08.0", "2024.08", ""})
  void aTagWithoutAConnectVersionIsANamedError(String tag) {
    assertThrows(PreconditionFailedException.class, () -> ConnectImageTag.parse(tag));
  }
}
