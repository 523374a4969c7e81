package dev.connectha.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClusterState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class InputValidationTest {

  @Test
  void describeClusterAcceptsAValidNameAndPoll() {
    DescribeClusterInput input = new DescribeClusterInput("prod-1", 10, "exec");
    assertEquals("prod-1", input.cluster());
    assertEquals(10, input.pollSeconds());
    assertEquals("exec", input.executionId());
  }

  @Test
  void describeClusterPollsEveryFiveSecondsByDefault() {
    assertEquals(5, new DescribeClusterInput("prod", null, null).pollSeconds());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 60})
  void describeClusterAcceptsPollsFromZeroToSixty(int pollSeconds) {
    assertEquals(pollSeconds, new DescribeClusterInput("prod", pollSeconds, null).pollSeconds());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 61, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void describeClusterRejectsPollsOutsideZeroToSixty(int pollSeconds) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new DescribeClusterInput("prod", pollSeconds, null));
    assertEquals("pollSeconds must be between 0 and 60: " + pollSeconds, e.getMessage());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Prod", "a_b", "-prod", "prod!", "prod cluster",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void describeClusterRejectsBadClusterNames(String name) {
    assertThrows(InvalidInputException.class, () -> new DescribeClusterInput(name, 5, null));
  }

  @Test
  void describeClusterAcceptsAFortyCharacterName() {
    String forty = "a".repeat(40);
    assertEquals(forty, new DescribeClusterInput(forty, null, null).cluster());
  }

  @Test
  void describeClusterRejectsAFortyOneCharacterName() {
    assertThrows(InvalidInputException.class, () -> new DescribeClusterInput("a".repeat(41), null, null));
  }

  @Test
  void checkHaReadinessNeedsAState() {
    assertThrows(InvalidInputException.class, () -> new CheckHaReadinessInput(null, null, "exec", null, null));
  }

  @Test
  void checkHaReadinessNeedsTheStatesClusterDocument() {
    ClusterState withoutDocument = new ClusterState(null, null, Instant.EPOCH, List.of(), null, null, null, List.of());
    assertThrows(InvalidInputException.class, () -> new CheckHaReadinessInput(withoutDocument, null, "exec", null, null));
  }

  @Test
  void checkHaReadinessAcceptsADescribedState() {
    ClusterState state = HealthyCluster.twoNodes().build();
    assertEquals(state, new CheckHaReadinessInput(state, null, null, null, null).state());
  }
}
