package dev.connectha.remediation;

import dev.connectha.layering.PortsAndAdapters;
import org.junit.jupiter.api.Test;

/** This module's logic reaches AWS only through the ports; only its Dagger component names the adapters. */
class LayeringTest {
  @Test
  void logicDependsOnPortsNotOnTheSdkOrTheAwsAdapters() {
    PortsAndAdapters.check("dev.connectha.remediation");
  }
}
