package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code jobs/src/test/resources/golden/}: compared as text, rewritten only when the
 * build runs with {@code -Dfgsbir.regenerateGolden=true}.
 */
final class Golden {
  private Golden() {}

  static void check(String name, String actual) throws IOException {
    Path file = Path.of(System.getProperty("fgsbir.project.root", "."))
        .resolve("jobs/src/test/resources/golden").resolve(name);
    if (Boolean.getBoolean("fgsbir.regenerateGolden")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file %s (regenerate with -Dfgsbir.regenerateGolden=true)", file).exists();
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
