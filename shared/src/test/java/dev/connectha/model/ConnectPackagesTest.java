package dev.connectha.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.model.ConnectPackages.Platform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectPackagesTest {
  private static final String CDN = "https://cdn.posit.co/connect";

  @Test
  void namesEveryPlatformsPackageInTheReleaseMonthsDirectoryAsPositPublishesThem() {
    Map<Platform, String> urls = ConnectPackages.urls(CDN, ConnectVersion.parse("2024.10.0"));

    assertEquals(Map.of(
        Platform.UBUNTU22, CDN + "/2024.10/rstudio-connect_2024.10.0~ubuntu22_amd64.deb",
        Platform.UBUNTU24, CDN + "/2024.10/rstudio-connect_2024.10.0~ubuntu24_amd64.deb",
        Platform.EL8, CDN + "/2024.10/rstudio-connect-2024.10.0.el8.x86_64.rpm",
        Platform.EL9, CDN + "/2024.10/rstudio-connect-2024.10.0.el9.x86_64.rpm"), urls);
    assertEquals(List.of(Platform.values()), List.copyOf(urls.keySet()), "in Platform order");
  }

  @Test
  void aPatchReleaseLivesInItsMonthsDirectoryWithTheFullVersionInTheFileName() {
    ConnectVersion version = ConnectVersion.parse("2024.09.1");

    assertEquals("2024.09", ConnectPackages.releaseDirectory(version));
    assertEquals("rstudio-connect_2024.09.1~ubuntu24_amd64.deb", ConnectPackages.fileName(version, Platform.UBUNTU24));
    assertEquals("rstudio-connect-2024.09.1.el8.x86_64.rpm", ConnectPackages.fileName(version, Platform.EL8));
  }

  @Test
  void aTrailingSlashOnTheSourceDoesNotDouble() {
    assertEquals("http://127.0.0.1:4566/packages/2024.08/rstudio-connect-2024.08.0.el9.x86_64.rpm",
        ConnectPackages.url("http://127.0.0.1:4566/packages//", ConnectVersion.parse("2024.08.0"), Platform.EL9));
  }

  @Test
  void platformsSayHowTheyInstall() {
    assertEquals("deb", Platform.UBUNTU22.format());
    assertEquals("rpm", Platform.EL9.format());
    assertEquals("ubuntu24", Platform.UBUNTU24.id());
  }

  @ParameterizedTest
  @ValueSource(strings = {CDN, "http://127.0.0.1:8080/packages", "https://mirror.example.com/posit/connect/",
      "https://example.com/a%20b/~x+y"})
  void acceptsHttpAndHttpsSources(String source) {
    assertTrue(ConnectPackages.validSource(source));
    assertFalse(ConnectPackages.requireSource(source).endsWith("/"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"ftp://cdn.posit.co/connect", "cdn.posit.co/connect", "https://", "https:///x",
      "https://cdn.posit.co/connect'; rm -rf /", "https://cdn.posit.co/$(id)", "https://cdn.posit.co/a b",
      "https://cdn.posit.co/connect?x=1", "https://cdn.posit.co/connect\n"})
  void rejectsWhatIsNotAPlainHttpUrlBeforeItReachesAShell(String source) {
    assertFalse(ConnectPackages.validSource(source));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ConnectPackages.requireSource(source));

    assertTrue(e.getMessage().startsWith("packageSource must be an http(s) URL"), e.getMessage());
  }
}
