package dev.connectha.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code connectha follow EXECUTION [--workflow W]} reads from its arguments, before it connects. */
class FollowTargetTest {
  @Test
  void aNameTheCliGaveSaysItsWorkflow() {
    FollowCommand.Target target = FollowCommand.Target.parse("rolling-upgrade-prod-20261130T140502Z", null);

    assertEquals("rolling-upgrade-prod-20261130T140502Z", target.name());
    assertEquals(Optional.of(Workflow.UPGRADE), target.workflow());
    assertEquals(Optional.empty(), target.stateMachine());
    assertEquals(Optional.of(Workflow.ENSURE_CAPACITY),
        FollowCommand.Target.parse("ensure-capacity-prod-20261130T143000Z", null).workflow());
  }

  @Test
  void aRemediationsNameNeedsItsWorkflowNamed() {
    FollowCommand.Target target = FollowCommand.Target.parse("prod-i-0123456789abcdef0-20261130T220100Z", "remediate");

    assertEquals(Optional.of(Workflow.REMEDIATE), target.workflow());
    InvalidInputException unnamed = assertThrows(InvalidInputException.class,
        () -> FollowCommand.Target.parse("prod-i-0123456789abcdef0-20261130T220100Z", null));
    assertTrue(unnamed.getMessage().contains("--workflow"), unnamed.getMessage());
  }

  @Test
  void anArnNamesTheExecutionAndItsStateMachine() {
    FollowCommand.Target target = FollowCommand.Target.parse(
        "arn:aws:states:us-east-1:123456789012:execution:connect-ha-backup:backup-prod-20261130T220100Z", null);

    assertEquals("backup-prod-20261130T220100Z", target.name());
    assertEquals(Optional.of("arn:aws:states:us-east-1:123456789012:stateMachine:connect-ha-backup"), target.stateMachine());
    assertEquals(Optional.empty(), target.workflow(), "the stack's outputs say which workflow runs on that state machine");
  }

  @Test
  void anUnknownWorkflowOrAMalformedExecutionIsRefused() {
    InvalidInputException workflow = assertThrows(InvalidInputException.class,
        () -> FollowCommand.Target.parse("backup-prod-20261130T220100Z", "upgrade"));
    assertTrue(workflow.getMessage().startsWith("--workflow must be one of [preflight, backup, restore, rolling-upgrade,"),
        workflow.getMessage());
    assertThrows(InvalidInputException.class, () -> FollowCommand.Target.parse("backup prod", null));
    assertThrows(InvalidInputException.class, () -> FollowCommand.Target.parse("x".repeat(81), null));
    assertThrows(InvalidInputException.class,
        () -> FollowCommand.Target.parse("arn:aws:states:us-east-1:123456789012:stateMachine:connect-ha-backup", null));
  }

  @Test
  void anExecutionsArnIsItsStateMachinesWithItsName() {
    assertEquals("arn:aws:states:us-east-1:123456789012:execution:connect-ha-backup:backup-prod-1",
        Cloud.executionArn("arn:aws:states:us-east-1:123456789012:stateMachine:connect-ha-backup", "backup-prod-1"));
  }
}
