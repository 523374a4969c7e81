package dev.connectha.fakes;

import dev.connectha.model.ClusterDocument;
import dev.connectha.ports.ProvisioningSources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The launch templates (ids or names), SSM parameters and secrets that exist, as the EC2, SSM and
 * Secrets Manager adapter asks of them: a field the document leaves empty is not checked, and each
 * absent source is one line naming the field and the resource, in the adapter's order.
 */
public final class FakeProvisioningSources implements ProvisioningSources {
  public final Set<String> launchTemplates = new HashSet<>();
  public final Set<String> parameters = new HashSet<>();
  public final Set<String> secrets = new HashSet<>();
  private final List<String> calls;

  public FakeProvisioningSources(List<String> calls) {
    this.calls = calls;
  }

  /** Every source {@code cluster}'s document names exists. */
  public FakeProvisioningSources existing(ClusterDocument cluster) {
    add(launchTemplates, cluster.launchTemplateId());
    add(parameters, cluster.configParameter());
    add(secrets, cluster.dbPasswordSecretId());
    add(secrets, cluster.licenseKeySecretId());
    return this;
  }

  @Override
  public List<String> missing(ClusterDocument cluster) {
    calls.add("sources.missing " + cluster.name());
    List<String> missing = new ArrayList<>();
    String template = cluster.launchTemplateId();
    if (template != null && !template.isBlank() && !launchTemplates.contains(template)) {
      missing.add("launchTemplateId: launch template " + template + " does not exist");
    }
    if (cluster.configParameter() != null && !parameters.contains(cluster.configParameter())) {
      missing.add("configParameter: SSM parameter " + cluster.configParameter() + " does not exist");
    }
    if (cluster.dbPasswordSecretId() != null && !secrets.contains(cluster.dbPasswordSecretId())) {
      missing.add("dbPasswordSecretId: secret " + cluster.dbPasswordSecretId() + " does not exist");
    }
    if (cluster.licenseKeySecretId() != null && !secrets.contains(cluster.licenseKeySecretId())) {
      missing.add("licenseKeySecretId: secret " + cluster.licenseKeySecretId() + " does not exist");
    }
    return List.copyOf(missing);
  }

  private static void add(Set<String> set, String value) {
    if (value != null) {
      set.add(value);
    }
  }
}
