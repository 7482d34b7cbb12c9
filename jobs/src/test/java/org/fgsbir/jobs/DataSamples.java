package org.fgsbir.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The bundled {@code data-samples/} for tests that run the jobs on them. */
public final class DataSamples {
  private DataSamples() {}

  /** The {@code data-samples/} folder of the project under test. */
  public static Path dir() {
    return Path.of(System.getProperty("fgsbir.project.root")).resolve("data-samples");
  }

  /** The catalogue manifest (200 photos). */
  public static Path manifest() {
    return dir().resolve("catalogue/manifest.csv");
  }

  /** The first {@code perCategory} test-split sketch lines of each category (shoe, then chair), as ndjson. */
  public static List<String> testSketchLines(int perCategory) {
    try {
      List<String> lines = Files.readAllLines(dir().resolve("sketches/sketches.ndjson"));
      List<String> chosen = new ArrayList<>();
      for (String category : List.of("shoe", "chair")) {
        lines.stream()
            .filter(l -> l.contains("\"word\":\"" + category + "\"") && l.contains("\"split\":\"test\""))
            .limit(perCategory)
            .forEach(chosen::add);
      }
      return chosen;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
