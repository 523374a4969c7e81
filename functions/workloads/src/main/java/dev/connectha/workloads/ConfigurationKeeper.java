package dev.connectha.workloads;

import dev.connectha.errors.ConfigurationTooLargeException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.BackupSet;
import dev.connectha.model.BackupStatus;
import dev.connectha.model.EksPlacement;
import dev.connectha.model.backup.ConfigurationContent;
import dev.connectha.model.backup.KeptConfiguration;
import dev.connectha.model.eks.ConnectWorkload;
import dev.connectha.model.eks.EksWorkload;
import dev.connectha.model.eks.HelmRelease;
import dev.connectha.ports.BackupSets;
import dev.connectha.ports.ConnectWorkloads;
import dev.connectha.ports.KeptConfigurations;
import java.util.Map;
import javax.inject.Inject;

/**
 * RunWorkloadCommand's {@code keepConfiguration}: reads the Connect ConfigMap and the Helm release of
 * an eks cluster and keeps both with a backup set, in one call, so that their content (a licence key
 * in the values, a password in the gcfg) never passes through a workflow's state, a log line or a
 * notification. The content goes to {@link KeptConfigurations} (beside the set's record, encrypted at
 * rest as the record is); the set's record and the report get digests and sizes only.
 *
 * <p>Everything is read and checked before anything is written: the set exists and is in progress, the
 * workload, the ConfigMap and the Helm release exist ({@code WorkloadNotFoundException} otherwise), and
 * the content fits ({@link ConfigurationTooLargeException} above {@link KeptConfigurations#MAX_STORED_BYTES}
 * compressed). A retry stores the same content again under the same key.
 */
public final class ConfigurationKeeper {
  static final String ACTION = "keepConfiguration";

  private final WorkloadControl control;
  private final ConnectWorkloads workloads;
  private final BackupSets sets;
  private final KeptConfigurations store;

  @Inject
  public ConfigurationKeeper(WorkloadControl control, ConnectWorkloads workloads, BackupSets sets,
      KeptConfigurations store) {
    this.control = control;
    this.workloads = workloads;
    this.sets = sets;
    this.store = store;
  }

  public WorkloadReport keep(RunWorkloadCommandInput input) {
    EksPlacement eks = control.placement(input.cluster());
    BackupSet set = sets.get(input.cluster(), input.setId());
    if (set.status() != BackupStatus.IN_PROGRESS) {
      throw new PreconditionFailedException("backup set " + set.setId() + " is " + set.status()
          + ": a configuration is kept while its set is taken, not after");
    }
    EksWorkload where = eks.eksWorkload();
    ConnectWorkload now = workloads.read(where);
    Map<String, String> data = workloads.configMap(where, eks.configMap());
    HelmRelease release = workloads.helmRelease(where, eks.helmRelease());
    ConfigurationContent content = new ConfigurationContent(eks.configMap(), data, release);
    byte[] stored = content.stored();
    if (stored.length > KeptConfigurations.MAX_STORED_BYTES) {
      throw new ConfigurationTooLargeException("the Helm values of release " + release.name() + " and ConfigMap "
          + eks.configMap() + " are " + stored.length + " bytes compressed, more than the "
          + KeptConfigurations.MAX_STORED_BYTES + " a backup set keeps (a DynamoDB item holds 400 KB): nothing was"
          + " stored; keep large files out of the values (a Secret or the file system) or back them up apart");
    }
    KeptConfiguration kept = content.summary(stored.length);
    store.keep(input.cluster(), set.setId(), stored);
    sets.update(set.withConfiguration(kept));
    return WorkloadControl.report(input, now, null, null, null).withKept(kept);
  }
}
