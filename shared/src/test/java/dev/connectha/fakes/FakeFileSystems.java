package dev.connectha.fakes;

import dev.connectha.errors.NotReadyException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.UnsafeToProceedException;
import dev.connectha.model.FileSystemState;
import dev.connectha.model.backup.BackupTags;
import dev.connectha.ports.FileSystems;
import dev.connectha.ports.RestoredFileSystems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * EFS file systems by id, the cluster's and those a restore created. Deleting one with mount
 * targets deletes them first and says "not ready" (call again), as EFS makes a caller wait.
 * Changes are also written to the mutations journal.
 */
public final class FakeFileSystems implements FileSystems, RestoredFileSystems {
  /** One file system; tests change its fields in place. */
  public static final class FileSystem {
    public final String id;
    public final String creationToken;
    public boolean encrypted = true;
    public String lifecycle = "available";
    public final Map<String, String> tags = new LinkedHashMap<>();
    /** The zones of its mount targets. */
    public List<String> mountTargetAzs = new ArrayList<>();

    public FileSystem(String id, String creationToken) {
      this.id = id;
      this.creationToken = creationToken;
    }

    public FileSystem withMountTargetsIn(String... azs) {
      mountTargetAzs = new ArrayList<>(List.of(azs));
      return this;
    }
  }

  public final Map<String, FileSystem> byId = new LinkedHashMap<>();
  private final List<String> calls;
  private final List<String> mutations;

  public FakeFileSystems(List<String> calls, List<String> mutations) {
    this.calls = calls;
    this.mutations = mutations;
  }

  public FileSystem add(FileSystem fileSystem) {
    byId.put(fileSystem.id, fileSystem);
    return fileSystem;
  }

  /** Adds a file system that describes as {@code state}. */
  public FileSystem add(FileSystemState state) {
    FileSystem fs = new FileSystem(state.id(), state.id());
    fs.encrypted = state.encrypted();
    fs.lifecycle = state.lifecycleState();
    fs.mountTargetAzs = new ArrayList<>(state.mountTargetAzs());
    return add(fs);
  }

  @Override
  public FileSystemState describe(String fileSystemId) {
    calls.add("efs.describe " + fileSystemId);
    FileSystem fs = existing(fileSystemId);
    return new FileSystemState(fs.id, fs.encrypted, fs.lifecycle, List.copyOf(fs.mountTargetAzs));
  }

  @Override
  public Map<String, String> tagsOf(String fileSystemId) {
    calls.add("efs.tagsOf " + fileSystemId);
    return Map.copyOf(existing(fileSystemId).tags);
  }

  @Override
  public Optional<String> findByCreationToken(String creationToken) {
    calls.add("efs.findByCreationToken " + creationToken);
    return byId.values().stream().filter(fs -> creationToken.equals(fs.creationToken)).map(fs -> fs.id).findFirst();
  }

  @Override
  public void tagRestored(String fileSystemId, String recoveryPointArn, Map<String, String> tags) {
    calls.add("efs.tagRestored " + fileSystemId);
    mutations.add("efs.tagRestored " + fileSystemId);
    FileSystem fs = existing(fileSystemId);
    fs.tags.putAll(tags);
    fs.tags.put(BackupTags.RESTORED_FROM, recoveryPointArn);
  }

  @Override
  public boolean deleteRestored(String fileSystemId) {
    calls.add("efs.deleteRestored " + fileSystemId);
    FileSystem fs = byId.get(fileSystemId);
    if (fs == null) {
      return false;
    }
    if (!fs.tags.containsKey(BackupTags.RESTORED_FROM)) {
      throw new UnsafeToProceedException("file system " + fileSystemId + " has no restored-from tag");
    }
    if (!fs.mountTargetAzs.isEmpty()) {
      mutations.add("efs.deleteMountTargets " + fileSystemId);
      fs.mountTargetAzs = new ArrayList<>();
      throw new NotReadyException("file system " + fileSystemId + " still has mount targets being deleted");
    }
    mutations.add("efs.delete " + fileSystemId);
    byId.remove(fileSystemId);
    return true;
  }

  private FileSystem existing(String fileSystemId) {
    FileSystem fs = byId.get(fileSystemId);
    if (fs == null) {
      throw new PreconditionFailedException("file system " + fileSystemId + " does not exist");
    }
    return fs;
  }
}
