package dev.connectha.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PlanRetireInputTest {
  static final String INSTANCE = "i-0123456789abcdef0";

  @Test
  void givenOnlyTheClusterAndTheNodeThenForceIsFalseAndTheDrainIsLeftToTheTargetGroup() {
    PlanRetireInput input = new PlanRetireInput("demo", INSTANCE, null, null, null);

    assertEquals(Boolean.FALSE, input.force());
    assertNull(input.drainSeconds());
  }

  @Test
  void givenForceThenItIsKept() {
    assertEquals(Boolean.TRUE, new PlanRetireInput("demo", INSTANCE, true, null, null).force());
    assertEquals(Boolean.FALSE, new PlanRetireInput("demo", INSTANCE, false, null, null).force());
  }

  @ParameterizedTest
  @ValueSource(strings = {"i-0123abcd", INSTANCE})
  void givenShortAndLongInstanceIdsThenTheyAreAccepted(String instanceId) {
    assertEquals(instanceId, new PlanRetireInput("demo", instanceId, null, null, null).instanceId());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"i-123", "i-0123ABCD", "node-1", "i-0123456789abcdef01", " i-0123abcd"})
  void givenAMalformedInstanceIdThenInvalidInputNamingTheField(String instanceId) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new PlanRetireInput("demo", instanceId, null, null, null));

    assertEquals("instanceId: not an EC2 instance id: " + (instanceId == null ? "(missing)" : "'" + instanceId + "'"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 3601, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void givenADrainOutsideZeroToAnHourThenInvalidInputNamingTheField(int drainSeconds) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new PlanRetireInput("demo", INSTANCE, null, drainSeconds, null));

    assertEquals("drainSeconds must be between 0 and 3600: " + drainSeconds, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3600})
  void givenTheBoundsOfTheDrainThenTheyAreAccepted(int drainSeconds) {
    assertEquals(drainSeconds, new PlanRetireInput("demo", INSTANCE, null, drainSeconds, null).drainSeconds());
  }

  @Test
  void givenAMalformedClusterThenInvalidInput() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PlanRetireInput("Demo", INSTANCE, null, null, null));

    assertTrue(e.getMessage().startsWith("cluster name must be"), e.getMessage());
  }
}
