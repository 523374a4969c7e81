package dev.connectha.fakes;

import dev.connectha.errors.BackupSetNotFoundException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.BackupSet;
import dev.connectha.ports.BackupSets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Backup set records by set id. */
public final class FakeBackupSets implements BackupSets {
  public final Map<String, BackupSet> sets = new LinkedHashMap<>();
  private final List<String> calls;

  public FakeBackupSets(List<String> calls) {
    this.calls = calls;
  }

  @Override
  public BackupSet put(BackupSet set) {
    calls.add("sets.put " + set.setId());
    BackupSet existing = sets.get(set.setId());
    if (existing != null && !existing.equals(set)) {
      throw new PreconditionFailedException("backup set " + set.setId() + " exists with another record");
    }
    sets.put(set.setId(), set);
    return set;
  }

  @Override
  public BackupSet update(BackupSet set) {
    calls.add("sets.update " + set.setId());
    BackupSet existing = sets.get(set.setId());
    if (existing == null || !existing.cluster().equals(set.cluster())) {
      throw new BackupSetNotFoundException("cluster " + set.cluster() + " has no backup set " + set.setId());
    }
    sets.put(set.setId(), set);
    return set;
  }

  @Override
  public BackupSet get(String cluster, String setId) {
    calls.add("sets.get " + setId);
    BackupSet set = sets.get(setId);
    if (set == null || !set.cluster().equals(cluster)) {
      throw new BackupSetNotFoundException("cluster " + cluster + " has no backup set " + setId);
    }
    return set;
  }

  @Override
  public List<BackupSet> list(String cluster) {
    calls.add("sets.list " + cluster);
    return sets.values().stream().filter(s -> s.cluster().equals(cluster)).sorted(BackupSet.NEWEST_FIRST).toList();
  }
}
