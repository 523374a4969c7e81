package dev.connectha.localcloud.twin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node as EC2 launches it, before the BootstrapNode document: {@code root/} is its file system (no
 * rstudio-connect account, nothing at the data directory, the distribution's chrony.conf),
 * {@code bin/} holds stubs for what the script changes or asks, so nothing on the test machine is
 * touched (it runs as root):
 * <ul>
 *   <li>{@code getent}, {@code groupadd}, {@code useradd}, {@code usermod} on {@code root/etc/passwd}
 *       and {@code root/etc/group};</li>
 *   <li>{@code mount TARGET} from {@code root/etc/fstab} (type {@code efs} needs {@code mount.efs},
 *       {@code nfs4} needs {@code mount.nfs4}) into {@code state/mounts}, read by
 *       {@code findmnt --mountpoint};</li>
 *   <li>{@code systemctl} (units' state in {@code state/unit-<name>}), {@code chronyc} (synchronised
 *       once chrony.conf names 169.254.169.123 and the unit runs, unless the clock never syncs);</li>
 *   <li>the package managers, which install the stubs of {@code packages/<name>/} (chrony,
 *       nfs-common, nfs-utils) into {@code bin/};</li>
 *   <li>{@code aws ssm get-parameter} and {@code aws secretsmanager get-secret-value}, answering from a
 *       store outside the node's directory (the services themselves) with the AWS CLI's errors;</li>
 *   <li>{@code license-manager activate}, and {@code curl} for the instance metadata service.</li>
 * </ul>
 * Every call that changes something is logged, without its secret arguments, to {@code state/calls}.
 *
 * <p>One set of stubs for the script tests and the twin: the twin lays out a node this way for each
 * BootstrapNode document's run ({@link #of}), with the local cloud's SSM parameters and secrets as
 * the store the {@code aws} stub reads (filled from moto when the command runs), and
 * {@link #readBack} keeps what the run left on the node's disk for the next one.
 */
public final class BareNode {
  public static final String INSTANCE_ID = "i-0abc1234def567890";
  public static final String REGION = "eu-west-1";

  /** How the node was launched and what the cloud around it holds. */
  public static final class Spec {
    public String osRelease;
    public String instanceId = INSTANCE_ID;
    public String region = REGION;
    public boolean efsUtils;
    public boolean nfsClient = true;
    public boolean chrony = true;
    public boolean clockSyncs = true;
    public boolean licenseManager;
    public boolean metadataOnly;
    /** The SSM parameters the node can read (name -> decrypted value). */
    public final Map<String, String> parameters = new LinkedHashMap<>();
    /** The Secrets Manager secrets the node can read (name or ARN -> SecretString). */
    public final Map<String, String> secrets = new LinkedHashMap<>();
    public final StringBuilder passwd = new StringBuilder("root:x:0:0:root:/root:/bin/bash\n");
    public final StringBuilder group = new StringBuilder("root:x:0:\n");
    /**
     * Files a previous run left on the node, by path under the node's directory ({@code root/etc/fstab},
     * {@code state/mounts}), written over the bare node's.
     */
    public final Map<String, String> files = new LinkedHashMap<>();

    public Spec(String osRelease) {
      this.osRelease = osRelease;
    }

    public boolean debianFamily() {
      return osRelease.contains("ID=ubuntu") || osRelease.contains("ID=debian");
    }
  }

  public final Spec spec;
  public final Path dir;
  public final Path root;
  public final Path state;
  public final Path bin;

  /** Lays out the node under {@code parent/node}, the services it reads under {@code parent/aws}. */
  public BareNode(Path parent, Spec spec) {
    this.spec = spec;
    this.dir = parent.resolve("node");
    this.root = dir.resolve("root");
    this.state = dir.resolve("state");
    this.bin = dir.resolve("bin");
    try {
      Files.createDirectories(root.resolve("etc"));
      Files.createDirectories(state);
      Files.createDirectories(bin);
      Files.writeString(root.resolve("etc/os-release"), spec.osRelease);
      Files.writeString(root.resolve("etc/passwd"), spec.passwd);
      Files.writeString(root.resolve("etc/group"), spec.group);
      Files.writeString(root.resolve("etc/fstab"), "LABEL=cloudimg-rootfs\t/\text4\tdiscard,errors=remount-ro\t0 1\n");
      if (spec.debianFamily()) {
        Files.createDirectories(root.resolve("etc/chrony"));
        Files.writeString(root.resolve("etc/chrony/chrony.conf"), "pool ntp.ubuntu.com iburst maxsources 4\ndriftfile /var/lib/chrony/chrony.drift\n");
      } else {
        Files.writeString(root.resolve("etc/chrony.conf"), "pool 2.rhel.pool.ntp.org iburst\ndriftfile /var/lib/chrony/drift\n");
      }
      Files.writeString(state.resolve("calls"), "");
      Files.writeString(state.resolve("mounts"), "/dev/nvme0n1p1 / ext4 rw\n");
      Path store = parent.resolve("aws");
      Files.createDirectories(store.resolve("ssm"));
      Files.createDirectories(store.resolve("secrets"));
      for (Map.Entry<String, String> p : spec.parameters.entrySet()) {
        Files.writeString(store.resolve("ssm").resolve(key(p.getKey())), p.getValue());
      }
      for (Map.Entry<String, String> s : spec.secrets.entrySet()) {
        Files.writeString(store.resolve("secrets").resolve(key(s.getKey())), s.getValue());
      }
      for (Map.Entry<String, String> f : spec.files.entrySet()) {
        Path file = dir.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue());
      }
      writeStubs(store);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Paths under a node's directory that the BootstrapNode document changes and the twin keeps between runs (see {@link SimNode#files}). */
  static final List<String> KEPT = List.of("root/etc/passwd", "root/etc/group", "root/etc/fstab", "root/etc/chrony/chrony.conf",
      "root/etc/chrony.conf", "root/var/lib/connect-ha/license-activated", "state/mounts");
  static final String CONFIG = "root/etc/rstudio-connect/rstudio-connect.gcfg";

  /**
   * The twin's {@code node} laid out under {@code parent} for the BootstrapNode document: a bare node
   * with what earlier runs left on its disk ({@link SimNode#files}; for a seeded node, its accounts
   * and mounts), its rstudio-connect.gcfg, and the cloud's {@code parameters} and {@code secrets}
   * for its {@code aws} stub.
   */
  static BareNode of(Path parent, SimNode node, String region, Map<String, String> parameters, Map<String, String> secrets) {
    Spec spec = new Spec(node.osRelease);
    spec.instanceId = node.instanceId;
    spec.region = region;
    spec.parameters.putAll(parameters);
    spec.secrets.putAll(secrets);
    spec.licenseManager = node.connectVersion != null; // Connect's package brings license-manager
    if (node.files.isEmpty() && !node.bare()) { // a seeded node: what its bootstrap would have left
      StringBuilder mounts = new StringBuilder();
      node.accounts.forEach((user, ids) -> {
        spec.passwd.append(user).append(":x:").append(ids[0]).append(':').append(ids[1]).append("::/nonexistent:/usr/sbin/nologin\n");
        if (!spec.group.toString().matches("(?s).*:x:" + ids[1] + ":.*")) {
          spec.group.append(user).append(":x:").append(ids[1]).append(":\n");
        }
      });
      node.mounts.values().forEach(m -> mounts.append(m.source()).append(' ').append(m.mountPoint()).append(' ')
          .append(m.fsType()).append(" rw\n"));
      spec.files.put("state/mounts", mounts.toString());
    }
    spec.files.putAll(node.files);
    if (!node.config.isEmpty()) {
      spec.files.put(CONFIG, node.renderConfig());
    }
    return new BareNode(parent, spec);
  }

  /**
   * Puts what a bootstrap left into the twin's {@code node}: the kept files, its accounts (from
   * /etc/passwd), its mounts, its rstudio-connect.gcfg, and whether its clock is synchronised.
   */
  void readBack(SimNode node) {
    for (String path : KEPT) {
      Path file = dir.resolve(path);
      if (Files.isRegularFile(file)) {
        node.files.put(path, read(file));
      } else {
        node.files.remove(path);
      }
    }
    node.accounts.clear();
    read(root.resolve("etc/passwd")).lines().map(l -> l.split(":")).filter(f -> f.length >= 4 && !f[0].equals("root"))
        .forEach(f -> node.accounts.put(f[0], new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])}));
    node.mounts.clear();
    read(state.resolve("mounts")).lines().map(l -> l.strip().split("\\s+")).filter(f -> f.length >= 3)
        .forEach(f -> node.mounts.put(f[1], new SimNode.Mount(f[1], f[2], f[0])));
    if (Files.isRegularFile(dir.resolve(CONFIG))) {
      node.loadConfig(read(dir.resolve(CONFIG)));
    }
    Path conf = root.resolve(spec.debianFamily() ? "etc/chrony/chrony.conf" : "etc/chrony.conf");
    Path unit = state.resolve("unit-" + (spec.debianFamily() ? "chrony" : "chronyd"));
    node.clockSynchronized = spec.clockSyncs && Files.isRegularFile(conf) && read(conf).lines().anyMatch(l -> l.startsWith("server 169.254.169.123 "))
        && Files.isRegularFile(unit) && read(unit).strip().equals("active");
  }

  /** The environment the SSM agent gives a script (none of its variables on a metadata-only node). */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>(Map.of("CONNECT_HA_CLOCK_TIMEOUT", "3"));
    if (!spec.metadataOnly) {
      env.put("AWS_SSM_INSTANCE_ID", spec.instanceId);
      env.put("AWS_SSM_REGION_NAME", spec.region);
    }
    return env;
  }

  /** The logged calls of {@code command} (its name first), in order. */
  public List<String> calls(String command) {
    return read(state.resolve("calls")).lines().filter(l -> l.equals(command) || l.startsWith(command + " ")).toList();
  }

  public String file(String path) {
    return read(root.resolve(path.substring(1)));
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String key(String name) {
    return name.replace("/", "%2F");
  }

  private void writeStubs(Path store) throws IOException {
    String log = "printf '%s\\n' \"$(basename \"$0\") $*\" >> " + q(state.resolve("calls")) + "\n";
    String passwd = q(root.resolve("etc/passwd"));
    String group = q(root.resolve("etc/group"));
    String absent = "echo \"$(basename \"$0\"): command not found\" >&2; exit 127";

    stub("getent", "case \"$1\" in passwd) f=" + passwd + " ;; group) f=" + group + " ;; *) exit 1 ;; esac\n"
        + "awk -F: -v k=\"$2\" '$1 == k || $3 == k { print; found = 1; exit } END { exit !found }' \"$f\" || exit 2");
    stub("groupadd", log + "gid=''; name=''\n"
        + "while [ $# -gt 0 ]; do case \"$1\" in -g) gid=\"$2\"; shift ;; -*) ;; *) name=\"$1\" ;; esac; shift; done\n"
        + "if grep -q \"^$name:\" " + group + "; then echo \"groupadd: group '$name' already exists\" >&2; exit 9; fi\n"
        + "if awk -F: -v g=\"$gid\" '$3 == g { found = 1 } END { exit !found }' " + group + "; then echo \"groupadd: GID '$gid' already exists\" >&2; exit 4; fi\n"
        + "printf '%s:x:%s:\\n' \"$name\" \"$gid\" >> " + group);
    stub("useradd", log + "uid=''; gid=''; name=''\n"
        + "while [ $# -gt 0 ]; do case \"$1\" in -u) uid=\"$2\"; shift ;; -g) gid=\"$2\"; shift ;; -d|-s|-G) shift ;; -*) ;; *) name=\"$1\" ;; esac; shift; done\n"
        + "if grep -q \"^$name:\" " + passwd + "; then echo \"useradd: user '$name' already exists\" >&2; exit 9; fi\n"
        + "awk -F: -v g=\"$gid\" '$1 == g || $3 == g { found = 1 } END { exit !found }' " + group
        + " || { echo \"useradd: group '$gid' does not exist\" >&2; exit 6; }\n"
        + "printf '%s:x:%s:%s::/nonexistent:/usr/sbin/nologin\\n' \"$name\" \"$uid\" \"$gid\" >> " + passwd);
    stub("usermod", log + "grp=''; user=''\n"
        + "while [ $# -gt 0 ]; do case \"$1\" in -G) grp=\"$2\"; shift ;; -*) ;; *) user=\"$1\" ;; esac; shift; done\n"
        + "awk -F: -v OFS=: -v g=\"$grp\" -v u=\"$user\" '$1 == g { $4 = ($4 == \"\" ? u : $4 \",\" u) } { print }' " + group
        + " > " + group + ".tmp && mv " + group + ".tmp " + group);
    stub("mount", log + "path=\"${1#" + root + "}\"\n"
        + "line=\"$(awk -v d=\"$path\" '!/^[ \\t]*#/ && $2 == d' " + q(root.resolve("etc/fstab")) + " | tail -n 1)\"\n"
        + "[ -n \"$line\" ] || { echo \"mount: $path: can't find in /etc/fstab.\" >&2; exit 1; }\n"
        + "set -- $line\n"
        + "case \"$3\" in\n"
        + "  efs) command -v mount.efs >/dev/null || { echo \"mount: $path: unknown filesystem type 'efs'.\" >&2; exit 32; }\n"
        + "       echo \"127.0.0.1:/ $path nfs4 $4\" >> " + q(state.resolve("mounts")) + " ;;\n"
        + "  nfs4) command -v mount.nfs4 >/dev/null || { echo \"mount: $path: bad option; you might need a /sbin/mount.nfs4 helper program.\" >&2; exit 32; }\n"
        + "       echo \"$1 $path nfs4 $4\" >> " + q(state.resolve("mounts")) + " ;;\n"
        + "  *) echo \"mount: $path: unknown filesystem type '$3'.\" >&2; exit 32 ;;\n"
        + "esac");
    stub("findmnt", "for t; do :; done\n"
        + "awk -v d=\"${t#" + root + "}\" '$2 == d { print $1; found = 1 } END { exit !found }' " + q(state.resolve("mounts")));
    stub("systemctl", log + "u=\"$2\"; [ \"${u%.service}\" = \"$u\" ] || u=\"${u%.service}\"\n"
        + "case \"$1\" in\n"
        + "  enable) echo enabled > " + q(state) + "/enabled-\"$u\" ;;\n"
        + "  start|restart) echo active > " + q(state) + "/unit-\"$u\" ;;\n"
        + "  is-active) cat " + q(state) + "/unit-\"$u\" 2>/dev/null || { echo inactive; exit 3; } ;;\n"
        + "esac");
    String unit = spec.debianFamily() ? "chrony" : "chronyd";
    String chronyc = "conf=" + q(root.resolve(spec.debianFamily() ? "etc/chrony/chrony.conf" : "etc/chrony.conf")) + "\n"
        + "synced() { " + (spec.clockSyncs ? "" : "return 1; ")
        + "grep -q '^server 169.254.169.123 ' \"$conf\" && [ \"$(cat " + q(state.resolve("unit-" + unit)) + " 2>/dev/null)\" = active ]; }\n"
        + "case \"$1\" in\n"
        + "  waitsync) " + log + "    synced ;;\n"
        + "  tracking) if synced; then echo 'Reference ID    : A9FEA97B (169.254.169.123)'; echo 'Leap status     : Normal'\n"
        + "            echo 'System time     : 0.000012345 seconds slow of NTP time'\n"
        + "            else echo 'Reference ID    : 00000000 ()'; echo 'Leap status     : Not synchronised'; fi ;;\n"
        + "  *) exit 1 ;;\n"
        + "esac";
    Path packages = dir.resolve("packages");
    pkg(packages, "chrony", "chronyc", chronyc);
    pkg(packages, spec.debianFamily() ? "nfs-common" : "nfs-utils", "mount.nfs4", "exit 0");
    if (spec.chrony) {
      stub("chronyc", chronyc);
    }
    if (spec.nfsClient) {
      stub("mount.nfs4", "exit 0");
    }
    if (spec.efsUtils) {
      stub("mount.efs", "exit 0");
    }
    String install = log + "shift\nfor p; do case \"$p\" in -*) ;; *)\n"
        + "  [ -d " + q(packages) + "/\"$p\" ] || { echo \"E: Unable to locate package $p\" >&2; exit 100; }\n"
        + "  cp " + q(packages) + "/\"$p\"/* " + q(bin) + "/ ;; esac; done";
    stub("apt-get", spec.debianFamily() ? install : absent);
    stub("dnf", spec.debianFamily() ? absent : install);
    stub("yum", spec.debianFamily() ? absent : install);

    stub("aws", log + "region=''; name=''; id=''; what=\"$*\"\n"
        + "while [ $# -gt 0 ]; do case \"$1\" in --region) region=\"$2\"; shift ;; --name) name=\"$2\"; shift ;; --secret-id) id=\"$2\"; shift ;; esac; shift; done\n"
        + "[ -n \"$region\" ] || { echo 'You must specify a region. You can also configure your region by running \"aws configure\".' >&2; exit 253; }\n"
        + "case \"$what\" in\n"
        + "  *'ssm get-parameter '*) f=" + q(store.resolve("ssm")) + "/\"$(printf '%s' \"$name\" | sed 's#/#%2F#g')\"\n"
        + "    [ -f \"$f\" ] || { printf '\\nAn error occurred (ParameterNotFound) when calling the GetParameter operation: \\n' >&2; exit 254; } ;;\n"
        + "  *'secretsmanager get-secret-value '*) f=" + q(store.resolve("secrets")) + "/\"$(printf '%s' \"$id\" | sed 's#/#%2F#g')\"\n"
        + "    [ -f \"$f\" ] || { printf \"\\nAn error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret.\\n\" >&2; exit 254; } ;;\n"
        + "  *) echo \"aws: the stub answers ssm get-parameter and secretsmanager get-secret-value only\" >&2; exit 252 ;;\n"
        + "esac\n"
        + "cat \"$f\"; echo");
    if (spec.licenseManager) {
      stub("license-manager", "printf '%s\\n' \"license-manager $1\" >> " + q(state.resolve("calls")) + "\n"
          + "[ \"$1\" = activate ] && [ -n \"$2\" ] || exit 1\necho 'Activation successful.'");
    }
    stub("curl", "url=''; for a; do case \"$a\" in http://*) url=\"$a\" ;; esac; done\n"
        + "case \"$url\" in\n"
        + "  http://169.254.169.254/latest/api/token) echo token-123 ;;\n"
        + "  http://169.254.169.254/latest/meta-data/instance-id) echo " + spec.instanceId + " ;;\n"
        + "  http://169.254.169.254/latest/meta-data/placement/region) echo " + spec.region + " ;;\n"
        + "  *) echo \"curl: (7) Failed to connect to $url\" >&2; exit 7 ;;\n"
        + "esac");
  }

  private void pkg(Path packages, String name, String command, String body) throws IOException {
    Path d = Files.createDirectories(packages.resolve(name));
    write(d.resolve(command), body);
  }

  private void stub(String name, String body) throws IOException {
    write(bin.resolve(name), body);
  }

  private static void write(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String q(Object text) {
    return "'" + text.toString().replace("'", "'\\''") + "'";
  }
}
