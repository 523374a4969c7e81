package dev.connectha.model;

import java.util.List;

/** The shared EFS file system and the Availability Zones it has a mount target in. */
public record FileSystemState(String id, boolean encrypted, String lifecycleState, List<String> mountTargetAzs) {
  public FileSystemState {
    mountTargetAzs = List.copyOf(mountTargetAzs);
  }
}
