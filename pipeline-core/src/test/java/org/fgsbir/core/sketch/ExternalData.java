package org.fgsbir.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** Locates the read-only real data beside the project ({@code <project root>/../shared/external-data}). */
final class ExternalData {
  private ExternalData() {}

  /** A file under the external data folder; fails the test (never skips) when it is absent. */
  static Path file(String relative) {
    String root = System.getProperty("fgsbir.project.root", ".");
    Path file = Path.of(root).resolve("../shared/external-data").resolve(relative).normalize();
    assertThat(file)
        .as("real data file %s (set -Dfgsbir.project.root to the project root; the data lives in "
            + "../shared/external-data beside it)", file)
        .isRegularFile();
    return file;
  }
}
