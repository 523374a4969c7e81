package dev.connectha.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which executions are a cluster's runs of a workflow, by their names. */
class WorkflowTest {
  @Test
  void theCliAndTheIntakeNamesAreCandidatesOfTheirCluster() {
    assertTrue(Workflow.BACKUP.mayBeRunOf("backup-prod-20261130T220100Z", "prod"));
    assertTrue(Workflow.REMEDIATE.mayBeRunOf("prod-i-0123456789abcdef0-20261130T220100Z", "prod"));
    assertTrue(Workflow.ENSURE_CAPACITY.mayBeRunOf("prod-rebalance-us-east-1a-20261130T220100Z", "prod"));
  }

  @Test
  void childrenAndOtherClustersAreNot() {
    assertFalse(Workflow.BACKUP.mayBeRunOf("rolling-upgrade-prod-20261130T220100Z-restore-point", "prod"));
    assertFalse(Workflow.PROVISION.mayBeRunOf("replace-0-0123456789abcdef0123456789abcdef", "prod"));
    assertFalse(Workflow.BACKUP.mayBeRunOf("backup-staging-20261130T220100Z", "prod"));
  }

  @Test
  void anExecutionNameSaysItsWorkflowWhenItStartsWithIt() {
    assertEquals(Optional.of(Workflow.RETIRE), Workflow.ofExecutionName("retire-node-prod-20261130T220100Z"));
    assertEquals(Optional.of(Workflow.REMEDIATE), Workflow.ofExecutionName("remediate-x"));
    assertEquals(Optional.empty(), Workflow.ofExecutionName("prod-i-0123456789abcdef0-20261130T220100Z"));
  }
}
