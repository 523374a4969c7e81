package dev.connectha.model.eks;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import java.util.regex.Pattern;

/**
 * A container image reference {@code [registry[:port]/]repository[:tag][@digest]}, split where its tag goes.
 *
 * @param repository everything before the tag (the registry and its port included)
 * @param tag        the tag, null when the reference has none
 * @param digest     the {@code sha256:...} digest, null when it has none
 */
public record ImageReference(String repository, String tag, String digest) {
  /** Docker's tag grammar: up to 128 characters, no leading '.' or '-'. */
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  /** Splits {@code image}; a reference without a repository is a {@link PreconditionFailedException}. */
  public static ImageReference parse(String image) {
    if (image == null || image.isBlank()) {
      throw new PreconditionFailedException("the Connect container has no image");
    }
    String rest = image;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) {
      throw new PreconditionFailedException("not an image reference: '" + image + "'");
    }
    return new ImageReference(rest, tag, digest);
  }

  /** The same repository at {@code newTag}; a digest is dropped, since it would pin the old image. */
  public String withTag(String newTag) {
    return repository + ":" + requireTag(newTag);
  }

  /** Returns {@code tag} if it is a valid image tag, else {@link InvalidInputException}. */
  public static String requireTag(String tag) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new InvalidInputException("not a valid image tag: " + (tag == null ? "(missing)" : "'" + tag + "'"));
    }
    return tag;
  }
}
