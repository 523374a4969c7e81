package dev.connectha.provision;

/**
 * What retire-node does to one node, decided before anything changes.
 *
 * @param cluster      the cluster
 * @param instanceId   the node
 * @param az           its zone
 * @param running      whether its instance runs (a stopped one has no Connect to stop)
 * @param healthy      whether it is healthy in the target group now
 * @param healthyAfter how many nodes stay healthy once it is gone
 * @param minHealthy   the cluster document's minimum
 * @param launchedBy   the execution that launched it, or null (the control plane did not: retired only with force)
 * @param drainSeconds how long to wait after deregistering it
 * @param licensed     whether the cluster activates a licence on its nodes (deactivated before the node goes)
 */
public record RetirePlan(String cluster, String instanceId, String az, boolean running, boolean healthy, int healthyAfter,
    int minHealthy, String launchedBy, int drainSeconds, boolean licensed) {}
