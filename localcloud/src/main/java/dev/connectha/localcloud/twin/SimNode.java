package dev.connectha.localcloud.twin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One simulated Connect node: what is installed and configured on it, and how it behaves. The twin
 * turns this into a file tree plus stub commands that the project's SSM documents run against.
 */
public final class SimNode {
  /** A mount: mount point, file system type and source, as findmnt prints them. */
  public record Mount(String mountPoint, String fsType, String source) {}

  public String instanceId;
  public String availabilityZone;
  public String subnetId;
  /** Installed Connect version; null when Connect is not installed. */
  public String connectVersion;
  /** systemd's view of rstudio-connect; the project's documents change it (systemctl start/stop). */
  public boolean serviceActive = true;
  /** Whether {@code GET /__ping__} answers 200 while the service is active. */
  public boolean pingHealthy = true;
  /** When set, {@code systemctl stop} returns but the service stays active (a stop that does not take). */
  public boolean ignoresStop;
  /** rstudio-connect.gcfg: section -> key -> value. */
  public final Map<String, Map<String, String>> config = new LinkedHashMap<>();
  /** Accounts: user -> {uid, gid}. */
  public final Map<String, int[]> accounts = new LinkedHashMap<>();
  public final Map<String, Mount> mounts = new LinkedHashMap<>();
  public boolean clockSynchronized = true;
  public double clockOffsetSeconds = 0.000_042;
  /** When set, every SSM command on this node fails with this message. */
  public String commandFailure;

  public SimNode set(String section, String key, String value) {
    Map<String, String> s = config.computeIfAbsent(section, k -> new LinkedHashMap<>());
    if (value == null) {
      s.remove(key);
    } else {
      s.put(key, value);
    }
    return this;
  }

  public String get(String section, String key) {
    return config.getOrDefault(section, Map.of()).get(key);
  }

  public String renderConfig() {
    StringBuilder text = new StringBuilder("; Posit Connect configuration (simulated by the local cloud's twin)\n");
    config.forEach((section, values) -> {
      text.append('\n').append('[').append(section).append("]\n");
      values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    });
    return text.toString();
  }
}
