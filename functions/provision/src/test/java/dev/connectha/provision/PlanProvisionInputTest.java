package dev.connectha.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PlanProvisionInputTest {

  @Test
  void withoutAzOrAvoidAzsTheZoneIsLeftToThePlannerAndNothingIsAvoided() {
    PlanProvisionInput input = new PlanProvisionInput("demo", null, null, null);

    assertNull(input.az());
    assertEquals(List.of(), input.avoidAzs());
  }

  @ParameterizedTest
  @ValueSource(strings = {"us-east-1a", "eu-west-3c", "ap-southeast-2b", "us-gov-west-1a"})
  void acceptsAvailabilityZoneNames(String zone) {
    assertEquals(zone, new PlanProvisionInput("demo", zone, null, null).az());
    assertEquals(List.of(zone), new PlanProvisionInput("demo", null, List.of(zone), null).avoidAzs());
  }

  @ParameterizedTest
  @EmptySource
  @ValueSource(strings = {"us-east-1", "US-EAST-1A", "use1-az1", " us-east-1a", "us-east-1a ", "us-east-1ab", "east-1a"})
  void aMalformedAzIsInvalidInputNamingTheField(String zone) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PlanProvisionInput("demo", zone, null, null));

    assertTrue(e.getMessage().startsWith("az: not an Availability Zone name (e.g. us-east-1a): '" + zone + "'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "us-east-1", "use1-az1", "us-east-1a; reboot"})
  void aMalformedAvoidedZoneIsInvalidInputNamingTheField(String zone) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new PlanProvisionInput("demo", null, List.of("us-east-1b", zone), null));

    assertTrue(e.getMessage().startsWith("avoidAzs: not an Availability Zone name"), e.getMessage());
  }

  @Test
  void aNullAvoidedZoneIsInvalidInputNamingTheField() {
    List<String> zones = Arrays.asList("us-east-1b", null);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PlanProvisionInput("demo", null, zones, null));

    assertTrue(e.getMessage().startsWith("avoidAzs: not an Availability Zone name"), e.getMessage());
  }

  @Test
  void aZoneBothGivenAndAvoidedIsInvalidInputNamingBothFields() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new PlanProvisionInput("demo", "us-east-1a", List.of("us-east-1b", "us-east-1a"), null));

    assertTrue(e.getMessage().startsWith("az us-east-1a is also in avoidAzs"), e.getMessage());
  }

  @Test
  void aGivenZoneMayComeWithOtherZonesAvoided() {
    PlanProvisionInput input = new PlanProvisionInput("demo", "us-east-1a", List.of("us-east-1b"), null);

    assertEquals("us-east-1a", input.az());
    assertEquals(List.of("us-east-1b"), input.avoidAzs());
  }

  @ParameterizedTest
  @EmptySource
  @ValueSource(strings = {"Demo", "-demo", "demo_1", "a-cluster-name-that-is-longer-than-forty-chars"})
  void aMalformedClusterNameIsInvalidInput(String cluster) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PlanProvisionInput(cluster, null, null, null));

    assertTrue(e.getMessage().startsWith("cluster name must be"), e.getMessage());
  }

  @Test
  void aMissingClusterIsInvalidInput() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PlanProvisionInput(null, null, null, null));

    assertTrue(e.getMessage().contains("(missing)"), e.getMessage());
  }

  @Test
  void keepsItsOwnCopyOfTheAvoidedZones() {
    List<String> zones = new ArrayList<>(List.of("us-east-1a"));
    PlanProvisionInput input = new PlanProvisionInput("demo", null, zones, null);

    zones.add("us-east-1b");

    assertEquals(List.of("us-east-1a"), input.avoidAzs());
    assertThrows(UnsupportedOperationException.class, () -> input.avoidAzs().add("us-east-1c"));
  }
}
