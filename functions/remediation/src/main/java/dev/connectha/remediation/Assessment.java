package dev.connectha.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the remediate workflow does about an incident, decided from live state. Every field is
 * always present (a list empty, {@code az} and {@code impairedAz} null).
 *
 * @param action                 {@code none} (resolved), {@code restart} (Connect on live nodes), {@code replace}
 *                               (launch new nodes, retire the failed ones) or {@code escalate} (an operator decides)
 * @param reason                 one sentence for the summary
 * @param healthy                the cluster's healthy targets now
 * @param desiredNodes           the cluster document's size
 * @param restart                the live nodes whose Connect to restart
 * @param replacements           the failed nodes to replace, each with where its replacement goes and how it is retired
 * @param impairedAz             the Availability Zone judged impaired, or null
 * @param findings               what was checked when everything is down (database, file system, nodes)
 * @param replacementsLastHour   the cluster's replacements in the last hour, before this one
 * @param maxReplacementsPerHour the circuit breaker's limit
 */
public record Assessment(String action, String reason, int healthy, int desiredNodes, List<String> restart,
    List<Replacement> replacements, @JsonInclude(JsonInclude.Include.ALWAYS) String impairedAz, List<String> findings,
    int replacementsLastHour, int maxReplacementsPerHour) {
  public static final String NONE = "none";
  public static final String RESTART = "restart";
  public static final String REPLACE = "replace";
  public static final String ESCALATE = "escalate";

  public Assessment {
    restart = List.copyOf(restart);
    replacements = List.copyOf(replacements);
    findings = List.copyOf(findings);
  }

  /**
   * One failed node and its replacement.
   *
   * @param failed   the failed node's instance id
   * @param az       where to launch the replacement: the failed node's zone, or null (any zone but {@code avoidAzs})
   * @param avoidAzs zones the replacement must not go to (impaired ones)
   * @param retire   {@code terminate} (connect-ha launched it, or foreign nodes may be replaced), {@code quarantine}
   *                 (stop and tag it for an operator) or {@code none} (it is terminated already)
   * @param force    true: remediation retires a failed node even if it is the cluster's only one
   * @param lost     true: its SSM agent is not online, so no command can reach it (retire-node's {@code nodeLost})
   */
  public record Replacement(String failed, @JsonInclude(JsonInclude.Include.ALWAYS) String az, List<String> avoidAzs,
      String retire, boolean force, boolean lost) {
    public static final String TERMINATE = "terminate";
    public static final String QUARANTINE = "quarantine";
    public static final String RETIRE_NONE = "none";

    public Replacement {
      avoidAzs = List.copyOf(avoidAzs);
    }

    /** A failed node that commands can still reach. */
    public Replacement(String failed, String az, List<String> avoidAzs, String retire, boolean force) {
      this(failed, az, avoidAzs, retire, force, false);
    }
  }
}
