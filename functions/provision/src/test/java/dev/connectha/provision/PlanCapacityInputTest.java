package dev.connectha.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanCapacityInputTest {

  @Test
  void givenNoSizeThenTheDocumentsIsLeftToThePlanner() {
    assertNull(new PlanCapacityInput("demo", null, null).desiredNodes());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100})
  void givenASizeFromZeroToAHundredThenItIsAccepted(int desiredNodes) {
    assertEquals(desiredNodes, new PlanCapacityInput("demo", desiredNodes, "exec-1").desiredNodes());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 101, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void givenASizeOutsideZeroToAHundredThenInvalidInputNamingTheField(int desiredNodes) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PlanCapacityInput("demo", desiredNodes, null));

    assertEquals("desiredNodes must be between 0 and 100: " + desiredNodes, e.getMessage());
  }

  @Test
  void givenAMalformedClusterThenInvalidInput() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PlanCapacityInput("Demo", 2, null));

    assertTrue(e.getMessage().startsWith("cluster name must be"), e.getMessage());
  }
}
