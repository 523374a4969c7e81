package dev.connectha.localcloud.twin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One simulated Connect node: what is installed and configured on it, and how it behaves. The twin
 * turns this into a file tree plus stub commands that the project's SSM documents run against.
 */
public final class SimNode {
  /** A mount: mount point, file system type and source, as findmnt prints them. */
  public record Mount(String mountPoint, String fsType, String source) {}

  /** {@code /etc/os-release} of Ubuntu 22.04, every node's unless set otherwise. */
  public static final String UBUNTU_22_04 = """
      PRETTY_NAME="Ubuntu 22.04.4 LTS"
      NAME="Ubuntu"
      VERSION_ID="22.04"
      VERSION="22.04.4 LTS (Jammy Jellyfish)"
      VERSION_CODENAME=jammy
      ID=ubuntu
      ID_LIKE=debian
      """;
  /** {@code /etc/os-release} of Ubuntu 24.04. */
  public static final String UBUNTU_24_04 = """
      PRETTY_NAME="Ubuntu 24.04 LTS"
      NAME="Ubuntu"
      VERSION_ID="24.04"
      VERSION="24.04 LTS (Noble Numbat)"
      VERSION_CODENAME=noble
      ID=ubuntu
      ID_LIKE=debian
      """;
  /** {@code /etc/os-release} of Red Hat Enterprise Linux 9 (the rpm path). */
  public static final String RHEL_9 = """
      NAME="Red Hat Enterprise Linux"
      VERSION="9.4 (Plow)"
      ID="rhel"
      ID_LIKE="fedora"
      VERSION_ID="9.4"
      PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"
      """;
  /** {@code /etc/os-release} of Rocky Linux 8 (a RHEL rebuild). */
  public static final String ROCKY_8 = """
      NAME="Rocky Linux"
      VERSION="8.10 (Green Obsidian)"
      ID="rocky"
      ID_LIKE="rhel centos fedora"
      VERSION_ID="8.10"
      PRETTY_NAME="Rocky Linux 8.10 (Green Obsidian)"
      """;

  public String instanceId;
  public String availabilityZone;
  public String subnetId;
  /** Installed Connect version; null when Connect is not installed. */
  public String connectVersion;
  /** systemd's view of rstudio-connect; the project's documents change it (systemctl start/stop). */
  public boolean serviceActive = true;
  /**
   * When not active: systemd shows {@code failed} rather than {@code inactive} (Connect refused to
   * run against a newer schema, or shut down when the schema migrated under it).
   */
  public boolean serviceFailed;
  /** {@code /etc/os-release}; its ID and ID_LIKE decide whether the node installs .deb or .rpm packages. */
  public String osRelease = UBUNTU_22_04;
  /** The packages in {@code /var/cache/connect-ha/packages}: file name -> content (the StageConnect document fills it). */
  public final Map<String, String> stagedPackages = new LinkedHashMap<>();
  /** rstudio-connect's journal, oldest first, as {@code journalctl -u rstudio-connect} prints it. */
  public final List<String> journal = new ArrayList<>();
  /**
   * How long this node's Connect takes to notice a newer schema and shut down; null: the twin's
   * default for the node (see {@code Twin.schemaCheckWithin}).
   */
  public Duration schemaShutdownDelay;
  /** Whether {@code GET /__ping__} answers 200 while the service is active. */
  public boolean pingHealthy = true;
  /** When set, {@code systemctl stop} returns but the service stays active (a stop that does not take). */
  public boolean ignoresStop;
  /** rstudio-connect.gcfg: section -> key -> value. */
  public final Map<String, Map<String, String>> config = new LinkedHashMap<>();
  /**
   * rstudio-connect.gcfg as a script last wrote it (null: as the twin renders {@link #config});
   * {@link #renderConfig} gives it back while {@link #config} still says the same.
   */
  public String configFile;
  /**
   * The files the BootstrapNode document keeps on the node's disk (accounts, fstab, chrony.conf, the
   * mount table), by path under the node's directory: see {@link BareNode#readBack}.
   */
  public final Map<String, String> files = new LinkedHashMap<>();
  /** Accounts: user -> {uid, gid}. */
  public final Map<String, int[]> accounts = new LinkedHashMap<>();
  public final Map<String, Mount> mounts = new LinkedHashMap<>();
  public boolean clockSynchronized = true;
  public double clockOffsetSeconds = 0.000_042;
  /** When set, every SSM command on this node fails with this message. */
  public String commandFailure;

  /**
   * A node as an instance just launched from the cluster's launch template is before any bootstrap:
   * Ubuntu 22.04 on its root volume and nothing else: no Connect (and no rstudio-connect.gcfg), no
   * {@code rstudio-connect} user or group, no shared file system mounted, the service not active.
   */
  public static SimNode bare(String instanceId, String availabilityZone, String subnetId) {
    SimNode node = new SimNode();
    node.instanceId = instanceId;
    node.availabilityZone = availabilityZone;
    node.subnetId = subnetId;
    node.connectVersion = null;
    node.serviceActive = false;
    node.mounts.put("/", new Mount("/", "ext4", "/dev/nvme0n1p1"));
    return node;
  }

  /** Whether nothing of Connect is on the node: not installed, not configured, no account, nothing mounted but the root. */
  public boolean bare() {
    return connectVersion == null && config.isEmpty() && accounts.isEmpty() && mounts.keySet().equals(java.util.Set.of("/"));
  }

  /** The node of {@code instanceId} among {@code nodes}, or null. */
  static SimNode find(List<SimNode> nodes, String instanceId) {
    return nodes.stream().filter(n -> n.instanceId.equals(instanceId)).findFirst().orElse(null);
  }

  /** {@code rpm} on the RHEL family (ID or ID_LIKE names rhel, centos or fedora), else {@code deb}. */
  public String packageFormat() {
    String ids = (osField("ID") + " " + osField("ID_LIKE")).toLowerCase(Locale.ROOT);
    return ids.matches(".*\\b(rhel|centos|fedora)\\b.*") ? "rpm" : "deb";
  }

  /** A field of {@link #osRelease}, unquoted ("" when absent). */
  public String osField(String name) {
    return osRelease == null ? "" : osRelease.lines().filter(l -> l.startsWith(name + "="))
        .map(l -> l.substring(name.length() + 1).replace("\"", "").replace("'", "")).findFirst().orElse("");
  }

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

  /** Takes {@code text} as the node's rstudio-connect.gcfg: {@link #config} becomes what it says (a property's last value wins). */
  public void loadConfig(String text) {
    config.clear();
    config.putAll(parseConfig(text));
    configFile = text;
  }

  /** gcfg's sections and properties, a quoted value unquoted, the last value of a property kept. */
  static Map<String, Map<String, String>> parseConfig(String text) {
    Map<String, Map<String, String>> parsed = new LinkedHashMap<>();
    String section = null;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        parsed.computeIfAbsent(section, k -> new LinkedHashMap<>());
      } else if (section != null && line.contains("=")) {
        String value = line.substring(line.indexOf('=') + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1"); // gcfg's \\ and \"
        }
        parsed.get(section).put(line.substring(0, line.indexOf('=')).strip(), value);
      }
    }
    return parsed;
  }

  public String renderConfig() {
    if (configFile != null && parseConfig(configFile).equals(config)) {
      return configFile;
    }
    StringBuilder text = new StringBuilder("; Posit Connect configuration (simulated by the local cloud's twin)\n");
    config.forEach((section, values) -> {
      text.append('\n').append('[').append(section).append("]\n");
      values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    });
    return text.toString();
  }
}
