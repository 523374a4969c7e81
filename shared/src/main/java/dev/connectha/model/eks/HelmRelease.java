package dev.connectha.model.eks;

import java.util.Map;

/**
 * One revision of a Helm 3 release, as Helm stores it.
 *
 * @param name         the release
 * @param namespace    where Helm stored it
 * @param revision     its revision ({@code v<N>} of the storage Secret)
 * @param status       {@code deployed}, {@code superseded}, {@code failed}, ...
 * @param chart        the chart's name ({@code rstudio-connect})
 * @param chartVersion the chart's version
 * @param appVersion   the chart's appVersion (the Connect version it defaults to)
 * @param values       the values the release was installed with ({@code helm get values}: the user's, without the
 *                     chart's defaults), which a restore needs beside the database and the files
 */
public record HelmRelease(String name, String namespace, int revision, String status, String chart,
    String chartVersion, String appVersion, Map<String, Object> values) {

  public HelmRelease {
    values = values == null ? Map.of() : values;
  }
}
