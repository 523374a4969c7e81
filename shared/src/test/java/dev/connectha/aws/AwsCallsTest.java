package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.errors.AwsThrottledException;
import dev.connectha.errors.AwsUnavailableException;
import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.InsufficientCapacityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

class AwsCallsTest {

  private static AwsServiceException serviceError(int status, String code) {
    return AwsServiceException.builder()
        .statusCode(status)
        .message("the service said no")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("the service said no").build())
        .build();
  }

  private static ConnectHaException translated(SdkException e) {
    return assertThrows(ConnectHaException.class, () -> AwsCalls.call("describe things", () -> {
      throw e;
    }));
  }

  @Test
  void returnsTheResultOfASuccessfulCall() {
    assertEquals("ok", AwsCalls.call("describe things", () -> "ok"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"})
  void throttlingErrorCodesAreRetryableThrottles(String code) {
    AwsServiceException cause = serviceError(400, code);
    ConnectHaException e = translated(cause);
    assertEquals(AwsThrottledException.class, e.getClass());
    assertTrue(e.retryable());
    assertSame(cause, e.getCause());
  }

  @Test
  void status429IsAThrottle() {
    assertEquals(AwsThrottledException.class, translated(serviceError(429, "SomethingElse")).getClass());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void serverErrorsMeanAwsIsUnavailable(int status) {
    ConnectHaException e = translated(serviceError(status, "InternalFailure"));
    assertEquals(AwsUnavailableException.class, e.getClass());
    assertTrue(e.retryable());
  }

  @ParameterizedTest
  @ValueSource(strings = {"AccessDeniedException", "ValidationException", "InvalidParameterValue"})
  void otherServiceErrorsAreTerminalFailures(String code) {
    ConnectHaException e = translated(serviceError(400, code));
    assertEquals(AwsCallFailedException.class, e.getClass());
    assertFalse(e.retryable());
  }

  @Test
  void theMessageSaysWhatWasCalledAndTheErrorCode() {
    ConnectHaException e = translated(serviceError(403, "AccessDeniedException"));
    assertTrue(e.getMessage().startsWith("describe things: AccessDeniedException"), e.getMessage());
  }

  @Test
  void aServiceErrorWithoutDetailsIsStillTranslated() {
    AwsServiceException bare = AwsServiceException.builder().statusCode(400).message("bad").build();
    ConnectHaException e = translated(bare);
    assertEquals(AwsCallFailedException.class, e.getClass());
    assertTrue(e.getMessage().startsWith("describe things: "), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"InsufficientInstanceCapacity", "InsufficientCapacity", "InsufficientHostCapacity",
      "InsufficientFreeAddressesInSubnet"})
  void ec2CapacityErrorsAreNamedAndNotRetriedThoughTheyAreServerErrors(String code) {
    ConnectHaException e = translated(serviceError(500, code));
    assertEquals(InsufficientCapacityException.class, e.getClass());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains(code), e.getMessage());
  }

  @Test
  void aServerErrorWithoutAnErrorCodeMeansAwsIsUnavailable() {
    AwsServiceException noCode = AwsServiceException.builder().statusCode(500).message("no body")
        .awsErrorDetails(AwsErrorDetails.builder().build()).build();
    assertEquals(AwsUnavailableException.class, translated(noCode).getClass());
  }

  @Test
  void clientErrorsMeanAwsIsUnavailable() {
    SdkClientException cause = SdkClientException.create("Unable to execute HTTP request: Connection refused");
    ConnectHaException e = translated(cause);
    assertEquals(AwsUnavailableException.class, e.getClass());
    assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    assertSame(cause, e.getCause());
  }

  @Test
  void otherSdkErrorsAreTerminalFailures() {
    ConnectHaException e = translated(SdkException.create("something odd", null));
    assertEquals(AwsCallFailedException.class, e.getClass());
  }

  @Test
  void leavesNonSdkExceptionsAlone() {
    IllegalStateException bug = new IllegalStateException("a bug");
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> AwsCalls.call("x", () -> {
      throw bug;
    }));
    assertSame(bug, thrown);
  }
}
