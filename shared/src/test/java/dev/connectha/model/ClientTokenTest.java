package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientTokenTest {
  private static final String EXECUTION =
      "arn:aws:states:us-east-1:123456789012:execution:connect-ha-provision-node:provision-node-demo-2024-11-30T12-00-00Z";

  @Test
  void theSameExecutionAndAzGiveTheSameToken() {
    assertEquals(ClientToken.of(EXECUTION, "us-east-1a"), ClientToken.of(EXECUTION, "us-east-1a"));
  }

  @Test
  void anotherAzGivesAnotherToken() {
    assertNotEquals(ClientToken.of(EXECUTION, "us-east-1a"), ClientToken.of(EXECUTION, "us-east-1b"));
  }

  @Test
  void anotherExecutionGivesAnotherToken() {
    assertNotEquals(ClientToken.of(EXECUTION, "us-east-1a"), ClientToken.of(EXECUTION + "-retry", "us-east-1a"));
  }

  @Test
  void theExecutionAndAzDoNotRunIntoEachOther() {
    assertNotEquals(ClientToken.of("run-a", "us-east-1a"), ClientToken.of("run-au", "s-east-1a"));
  }

  @Test
  void aTokenIsAtMost64AsciiCharactersHoweverLongTheExecution() {
    String token = ClientToken.of(EXECUTION.repeat(5), "ap-southeast-2-akl-1a").value();

    assertTrue(token.length() <= ClientToken.MAX_LENGTH, token);
    assertTrue(StandardCharsets.US_ASCII.newEncoder().canEncode(token), token);
  }

  @Test
  void aTokenNeedsBothTheExecutionAndTheAz() {
    assertThrows(InvalidInputException.class, () -> ClientToken.of(EXECUTION, " "));
    assertThrows(InvalidInputException.class, () -> ClientToken.of(null, "us-east-1a"));
  }

  @Test
  void aGivenTokenLongerThanEc2AllowsIsInvalidInput() {
    assertThrows(InvalidInputException.class, () -> new ClientToken("x".repeat(65)));
    assertThrows(InvalidInputException.class, () -> new ClientToken("zoné"));
  }
}
