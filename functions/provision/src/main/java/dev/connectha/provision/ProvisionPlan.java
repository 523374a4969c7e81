package dev.connectha.provision;

import java.util.Map;

/**
 * What provision-node launches, decided before anything is launched.
 *
 * @param cluster        the cluster
 * @param az             the Availability Zone chosen (or given)
 * @param subnetId       that zone's subnet from the cluster's {@code subnetsByAz}
 * @param launchTemplate the cluster's launch template (id or name)
 * @param version        the Connect version the schema is at: the one the node gets
 * @param licensed       whether the cluster has a licence key secret (the bootstrap activates it after the install)
 * @param nodesByAz      the cluster's pending and running nodes per zone before the launch (every zone of subnetsByAz)
 */
public record ProvisionPlan(String cluster, String az, String subnetId, String launchTemplate, String version,
    boolean licensed, Map<String, Integer> nodesByAz) {}
