package dev.connectha.ports;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ClientToken;
import dev.connectha.model.Node;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Launches a cluster's new nodes from its launch template, finds them again by the execution that
 * launched them, waits until they can take SSM commands, and terminates them. Provisioning's
 * first half: what a node needs before it is bootstrapped.
 */
public interface NodeLauncher {
  /** The tag naming the execution that launched an instance ({@link NodeDirectory#CLUSTER_TAG} names its cluster). */
  String LAUNCHED_BY_TAG = "connect-ha:launched-by";
  /** The tag a quarantined node carries: why it was stopped and left for an operator. */
  String NEEDS_OPERATOR_TAG = "connect-ha:needs-operator";
  /** The longest value an EC2 tag holds. */
  int TAG_VALUE_MAX = 256;
  /** The launch template version used when none is given: the template's default version. */
  String DEFAULT_VERSION = "$Default";

  /**
   * One instance to launch.
   *
   * @param cluster         the cluster it joins (its {@code connect-ha:cluster} tag)
   * @param launchTemplate  the cluster's launch template: its id ({@code lt-...}) or its name
   * @param templateVersion a version number, {@code $Default} or {@code $Latest}; null: {@code $Default}
   * @param subnetId        the subnet, which decides the Availability Zone
   * @param launchedBy      the execution that launches it (its {@code connect-ha:launched-by} tag)
   * @param clientToken     EC2's idempotency token: {@link ClientToken#of} of the execution and the subnet's AZ
   */
  record Launch(String cluster, String launchTemplate, String templateVersion, String subnetId, String launchedBy,
      ClientToken clientToken) {
    public Launch {
      require(cluster, "cluster");
      require(launchTemplate, "launchTemplate");
      require(subnetId, "subnetId");
      require(launchedBy, "launchedBy");
      if (clientToken == null) {
        throw new InvalidInputException("a launch needs a client token");
      }
      templateVersion = templateVersion == null || templateVersion.isBlank() ? DEFAULT_VERSION : templateVersion;
    }

    /** A launch from the template's default version. */
    public Launch(String cluster, String launchTemplate, String subnetId, String launchedBy, ClientToken clientToken) {
      this(cluster, launchTemplate, DEFAULT_VERSION, subnetId, launchedBy, clientToken);
    }

    /** Whether {@link #launchTemplate} is an id ({@code lt-} and hex) rather than a name. */
    public boolean templateIsId() {
      return launchTemplate.matches("lt-[0-9a-f]{8,17}");
    }

    private static void require(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new InvalidInputException("a launch needs " + name);
      }
    }
  }

  /**
   * Launches one instance as {@code launch} says, tagged with its cluster and launcher, and returns
   * its instance id. The same client token in the same AZ returns the instance the first call made.
   * EC2 without capacity there: {@code InsufficientCapacityException}, nothing launched.
   */
  String launch(Launch launch);

  /** The execution that launched {@code instanceId} (its {@link #LAUNCHED_BY_TAG}); null when the control plane did not, or it is gone. */
  String launcherOf(String instanceId);

  /** The instances {@code execution} launched (by their {@link #LAUNCHED_BY_TAG}) that are not terminated, by id. */
  List<Node> launchedBy(String execution);

  /**
   * Terminates {@code instanceId}, a node of {@code cluster}; an instance already gone is left as it
   * is. An instance not tagged as the cluster's is refused ({@code UnsafeToProceedException}).
   */
  void terminate(String cluster, String instanceId);

  /**
   * Waits, checking every {@code poll}, until {@code instanceId} is running and its SSM agent is
   * Online, and returns it. Not so within {@code timeout}, or stopped or terminated on the way:
   * {@code NodeNotOnlineException}, saying which.
   */
  Node awaitOnline(String instanceId, Duration poll, Duration timeout);

  /**
   * Which of {@code instanceIds} have their SSM agent Online now (one SSM read for a cluster's
   * nodes); an instance SSM does not know, or whose agent is not Online, is left out.
   */
  Set<String> agentsOnline(Collection<String> instanceIds);

  /**
   * Stops {@code instanceId}, a node of {@code cluster}, without terminating it, and tags it
   * {@link #NEEDS_OPERATOR_TAG}{@code =reason} (cut to {@link #TAG_VALUE_MAX} characters) so an
   * operator finds it: remediation's way to retire a node the control plane did not launch. An
   * instance not tagged as the cluster's, or terminated (or terminating), is refused
   * ({@code InvalidInputException}) before anything changes.
   */
  void quarantine(String cluster, String instanceId, String reason);
}
