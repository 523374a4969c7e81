package dev.connectha.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClientToken;
import dev.connectha.ports.NodeLauncher.Launch;
import org.junit.jupiter.api.Test;

class NodeLauncherLaunchTest {
  private static final ClientToken TOKEN = ClientToken.of("provision-node-demo-1", "us-east-1a");

  @Test
  void aLaunchWithoutAVersionUsesTheTemplatesDefaultVersion() {
    assertEquals("$Default", new Launch("demo", "lt-0123456789abcdef0", "subnet-1", "exec", TOKEN).templateVersion());
    assertEquals("$Default", new Launch("demo", "lt-0123456789abcdef0", " ", "subnet-1", "exec", TOKEN).templateVersion());
    assertEquals("3", new Launch("demo", "lt-0123456789abcdef0", "3", "subnet-1", "exec", TOKEN).templateVersion());
  }

  @Test
  void aTemplateIsAnIdWhenItLooksLikeOneElseAName() {
    assertTrue(new Launch("demo", "lt-0123456789abcdef0", "subnet-1", "exec", TOKEN).templateIsId());
    assertFalse(new Launch("demo", "demo-connect", "subnet-1", "exec", TOKEN).templateIsId());
    assertFalse(new Launch("demo", "lt-my-template", "subnet-1", "exec", TOKEN).templateIsId());
  }

  @Test
  void aLaunchNeedsItsClusterTemplateSubnetLauncherAndToken() {
    assertThrows(InvalidInputException.class, () -> new Launch("", "lt-0123456789abcdef0", "subnet-1", "exec", TOKEN));
    assertThrows(InvalidInputException.class, () -> new Launch("demo", null, "subnet-1", "exec", TOKEN));
    assertThrows(InvalidInputException.class, () -> new Launch("demo", "lt-0123456789abcdef0", "", "exec", TOKEN));
    assertThrows(InvalidInputException.class, () -> new Launch("demo", "lt-0123456789abcdef0", "subnet-1", "", TOKEN));
    assertThrows(InvalidInputException.class, () -> new Launch("demo", "lt-0123456789abcdef0", "subnet-1", "exec", null));
  }
}
