package dev.connectha.model.eks;

import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.model.ConnectVersion;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Connect version an image tag carries, and the tag of another version in the same form.
 * Posit's images are tagged {@code <os>-<version>} ({@code ubuntu2204-2024.08.0}: the chart's
 * {@code image.tagPrefix} then its app version), or the bare version; the prefix is kept across an
 * upgrade, so the operating system never changes with it.
 *
 * @param prefix  what comes before the version ({@code ubuntu2204-}, or empty)
 * @param version the Connect version
 */
public record ConnectImageTag(String prefix, ConnectVersion version) {
  private static final Pattern FORM = Pattern.compile("(.*?)(\\d{4}\\.\\d{2}\\.\\d{1,3})");

  /** Reads {@code tag}; a tag that does not end in a Connect version is a {@link PreconditionFailedException}. */
  public static ConnectImageTag parse(String tag) {
    Matcher m = tag == null ? null : FORM.matcher(tag);
    if (m == null || !m.matches() || !(m.group(1).isEmpty() || m.group(1).endsWith("-"))) {
      throw new PreconditionFailedException("the Connect image tag '" + tag
          + "' does not end in a Connect version (Posit's tags: ubuntu2204-2024.08.0 or 2024.08.0)");
    }
    return new ConnectImageTag(m.group(1), ConnectVersion.parse(m.group(2)));
  }

  /** The tag of {@code other} in this tag's form: {@code ubuntu2204-2024.08.0} → {@code ubuntu2204-2024.09.1}. */
  public String withVersion(ConnectVersion other) {
    return ImageReference.requireTag(prefix + other);
  }

  @Override
  public String toString() {
    return prefix + version;
  }
}
