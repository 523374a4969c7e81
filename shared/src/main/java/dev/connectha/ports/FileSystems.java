package dev.connectha.ports;

import dev.connectha.model.FileSystemState;

/** The shared EFS file system. */
public interface FileSystems {
  FileSystemState describe(String fileSystemId);
}
