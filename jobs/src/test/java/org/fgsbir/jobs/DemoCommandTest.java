package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fgsbir demo} with the project's conf: a TensorFlow model, then the baseline beside it, both
 * summaries printed; and {@code --model baseline} alone, even with other model settings present. Real Spark (local[2]) and the real engines, on a
 * slice of data-samples (8 photos per category) to keep it short.
 */
class DemoCommandTest {
  private static final Path ROOT = Path.of(System.getProperty("fgsbir.project.root")).toAbsolutePath().normalize();

  @TempDir
  static Path temp;
  private static Path manifest;
  private static Path sketches;

  @BeforeAll
  static void slice() throws IOException {
    Path catalogue = ROOT.resolve("data-samples/catalogue");
    List<String> lines = Files.readAllLines(catalogue.resolve("manifest.csv"));
    List<String> kept = new ArrayList<>(List.of(lines.get(0)));
    Set<String> ids = new HashSet<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      int index = Integer.parseInt(f[0].substring(f[0].indexOf('-') + 1));
      if (index <= 8) {
        kept.add(f[0] + "," + f[1] + "," + f[2] + "," + catalogue.resolve(f[3]));
        ids.add(f[0]);
      }
    }
    manifest = Files.write(temp.resolve("manifest.csv"), kept);
    List<String> drawn = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve("data-samples/sketches/sketches.ndjson"))) {
      String id = new ObjectMapper().readTree(line).path("photo_id").asText();
      if (ids.contains(id)) {
        drawn.add(line);
      }
    }
    sketches = Files.write(temp.resolve("sketches.ndjson"), drawn);
    // A small SavedModel (seeded initial weights) stands in for a learned model: what is tested is the demo's
    // two passes, not the model's quality (ShippedModelTest checks the shipped one).
    model = temp.resolve("model");
    org.fgsbir.jobs.tf.SavedModelExport.export(new org.fgsbir.jobs.tf.NetworkConfig(32, 32, 8, List.of(4, 8), 2, 3L),
        null, model);
  }

  private static Path model;
  private static final String version = "tiny-d8";

  private static String[] tinyModel() {
    return new String[] {"--model", "tensorflow", "--model-uri", model.toString(), "--set", "model.version=" + version,
        "--set", "model.dimension=8", "--set", "model.photo.size=32", "--set", "model.sketch.size=32", "--set",
        "model.photo.normalisation=unit"};
  }

  private String out = "";
  private String err = "";

  private int demo(Path outDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("demo", "--photos", manifest.toString(), "--sketches",
        sketches.toString(), "--out", outDir.toString(), "--run-id", "t1", "--master", "local[2]"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      code = Cli.run(args.toArray(String[]::new), po, pe, Map.of(), ROOT.toString());
    }
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  @Test
  void theDemoRunsTheConfiguredModelAndReportsTheBaselineBesideIt() {
    Path dir = temp.resolve("both");
    assertThat(demo(dir, tinyModel())).as(err).isZero();
    assertThat(out).contains("model " + version + ")").contains("=== the baseline embedder beside it");
    assertThat(out).contains("Summary, model beside baseline");
    String summary = out.substring(out.indexOf("Summary, model beside baseline"));
    for (String protocol : List.of("points17", "stroke")) {
      assertThat(summary).containsPattern("(?m)^  " + protocol + " +" + version.replace(".", "\\.") + " ");
      assertThat(summary).containsPattern("(?m)^  " + protocol + " +baseline-hog-v1 ");
    }
    assertThat(dir.resolve("results")).isDirectory();
    assertThat(dir.resolve("baseline/results")).isDirectory();
    assertThat(dir.resolve("baseline/report/report.txt")).isRegularFile();
  }

  @Test
  void modelBaselineRunsTheBaselineAlone() {
    Path dir = temp.resolve("baseline-only");
    List<String> args = new ArrayList<>(List.of(tinyModel()));
    // The learned model's other settings may stay (as demo.properties gives them): --model baseline wins.
    args.set(1, "baseline");
    assertThat(demo(dir, args.toArray(String[]::new))).as(err).isZero();
    assertThat(out).contains("model baseline-hog-v1)").doesNotContain("beside it").doesNotContain(version);
    assertThat(dir.resolve("results")).isDirectory();
    assertThat(dir.resolve("baseline")).doesNotExist();
  }
}
