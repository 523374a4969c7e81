package dev.connectha.errors;

import java.util.List;
import java.util.stream.Stream;

/**
 * The error names state machines match on, in one place. A Java Lambda reports the fully
 * qualified class name as its error type, so these are class names; a test keeps every name used
 * in {@code statemachines/*.asl.json} in this list.
 */
public final class ErrorNames {
  private ErrorNames() {}

  public static final String INVALID_INPUT = InvalidInputException.class.getName();
  public static final String CLUSTER_NOT_FOUND = ClusterNotFoundException.class.getName();
  public static final String PRECONDITION_FAILED = PreconditionFailedException.class.getName();
  public static final String UNSAFE_TO_PROCEED = UnsafeToProceedException.class.getName();
  public static final String AWS_CALL_FAILED = AwsCallFailedException.class.getName();
  public static final String CLUSTER_LOCKED = ClusterLockedException.class.getName();
  public static final String BACKUP_SET_NOT_FOUND = BackupSetNotFoundException.class.getName();
  public static final String AWS_THROTTLED = AwsThrottledException.class.getName();
  public static final String AWS_UNAVAILABLE = AwsUnavailableException.class.getName();
  public static final String NOT_READY = NotReadyException.class.getName();
  /** EC2 could not launch in the AZ asked for (capacity): nothing launched, another AZ may do. */
  public static final String INSUFFICIENT_CAPACITY = InsufficientCapacityException.class.getName();
  /** A launched instance was not running with its SSM agent online within the wait. */
  public static final String NODE_NOT_ONLINE = NodeNotOnlineException.class.getName();
  /** EKS: the namespace, Connect workload, ConfigMap or Helm release the cluster document names is not there. */
  public static final String WORKLOAD_NOT_FOUND = WorkloadNotFoundException.class.getName();
  /** EKS: the Helm values and ConfigMap are too large to keep with a backup set; nothing was stored. */
  public static final String CONFIGURATION_TOO_LARGE = ConfigurationTooLargeException.class.getName();

  /** Errors a Retry block retries. */
  public static final List<String> RETRYABLE = List.of(AWS_THROTTLED, AWS_UNAVAILABLE, NOT_READY);

  /** Errors that end a workflow (after it cleans up and reports). */
  public static final List<String> TERMINAL =
      List.of(INVALID_INPUT, CLUSTER_NOT_FOUND, PRECONDITION_FAILED, UNSAFE_TO_PROCEED, AWS_CALL_FAILED,
          CLUSTER_LOCKED, BACKUP_SET_NOT_FOUND, INSUFFICIENT_CAPACITY, NODE_NOT_ONLINE, WORKLOAD_NOT_FOUND,
          CONFIGURATION_TOO_LARGE);

  /** Errors the Lambda service itself raises, also retried. */
  public static final List<String> LAMBDA_SERVICE =
      List.of("Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
          "Lambda.TooManyRequestsException");

  /** A backup set finished with one half failed: reported, and the execution fails so its alarm fires. */
  public static final String BACKUP_INCOMPLETE = "ConnectHa.BackupIncomplete";

  /** A restore's database or file-system half failed (a drill deletes what it created first). */
  public static final String RESTORE_FAILED = "ConnectHa.RestoreFailed";

  /** The restored database or file system is not what the backup set promised (a drill deletes them first). */
  public static final String VERIFY_FAILED = "ConnectHa.VerifyFailed";

  /** Errors of the workflows' own Fail states (no exception class behind them). */
  public static final List<String> WORKFLOW = List.of(BACKUP_INCOMPLETE, RESTORE_FAILED, VERIFY_FAILED);

  public static List<String> all() {
    return Stream.of(RETRYABLE, TERMINAL, LAMBDA_SERVICE, WORKFLOW).flatMap(List::stream).toList();
  }
}
