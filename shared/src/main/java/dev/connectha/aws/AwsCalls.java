package dev.connectha.aws;

import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.errors.AwsThrottledException;
import dev.connectha.errors.AwsUnavailableException;
import dev.connectha.errors.InsufficientCapacityException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into the control plane's retryable / terminal errors. */
public final class AwsCalls {
  /**
   * EC2's codes for "no capacity for this launch here": server errors (the SDK retries them a few
   * times), but the AZ will not have capacity a second later, so they end the launch with a named
   * error instead of a retryable one.
   */
  static final Set<String> INSUFFICIENT_CAPACITY = Set.of("InsufficientInstanceCapacity", "InsufficientCapacity",
      "InsufficientHostCapacity", "InsufficientReservedInstanceCapacity", "InsufficientFreeAddressesInSubnet");

  private AwsCalls() {}

  public static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(what, e);
    }
  }

  public static RuntimeException translate(String what, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
      String message = what + ": " + code + " " + service.getMessage();
      if (code != null && INSUFFICIENT_CAPACITY.contains(code)) {
        return new InsufficientCapacityException(message, e);
      }
      if (service.isThrottlingException()) {
        return new AwsThrottledException(message, e);
      }
      if (service.statusCode() >= 500) {
        return new AwsUnavailableException(message, e);
      }
      return new AwsCallFailedException(message, e);
    }
    if (e instanceof SdkClientException) {
      return new AwsUnavailableException(what + ": " + e.getMessage(), e);
    }
    return new AwsCallFailedException(what + ": " + e.getMessage(), e);
  }
}
