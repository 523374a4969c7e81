package dev.connectha.layering;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rule holds for the ports and the model and errors they speak, and catches an adapter where logic should be. */
class PortsAndAdaptersTest {

  @Test
  void portsAndTheirModelAndErrorsDependOnNeitherTheSdkNorTheAdapters() {
    PortsAndAdapters.check("dev.connectha.ports", "dev.connectha.model", "dev.connectha.errors");
  }

  @Test
  void theAdaptersThemselvesBreakTheRuleSoItCanFail() {
    AssertionError e = assertThrows(AssertionError.class, () -> PortsAndAdapters.check("dev.connectha.aws"));

    assertTrue(e.getMessage().contains("software.amazon.awssdk"), e.getMessage());
  }

  @Test
  void aPackageWithoutClassesIsAnErrorNotAPass() {
    assertThrows(AssertionError.class, () -> PortsAndAdapters.check("dev.connectha.nosuchpackage"));
  }
}
