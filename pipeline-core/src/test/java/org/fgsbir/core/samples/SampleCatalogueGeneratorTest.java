package org.fgsbir.core.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCatalogueGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SampleCatalogueGenerator.Settings TWO =
      SampleCatalogueGenerator.Settings.defaults().withInstancesPerCategory(2).withThreads(1);

  @TempDir
  static Path shared;
  static Path firstRun;

  @BeforeAll
  static void generateOnce() throws IOException {
    firstRun = shared.resolve("first");
    SampleCatalogueGenerator.generate(firstRun, TWO);
  }

  @Test
  void generatingTwiceGivesIdenticalBytesWhateverTheThreadCount(@TempDir Path other) throws IOException {
    SampleCatalogueGenerator.generate(other, TWO.withThreads(3));

    List<Path> a = files(firstRun);
    List<Path> b = files(other);
    assertThat(b).isEqualTo(a);
    assertThat(a).hasSize(6); // 4 photos, manifest, sketches
    for (Path rel : a) {
      assertThat(Files.readAllBytes(other.resolve(rel)))
          .as("bytes of %s", rel)
          .isEqualTo(Files.readAllBytes(firstRun.resolve(rel)));
    }
  }

  @Test
  void anInstanceDoesNotDependOnHowManyInstancesAreGenerated(@TempDir Path three) throws IOException {
    SampleCatalogueGenerator.generate(three, TWO.withInstancesPerCategory(3));

    for (SampleCategory c : SampleCategory.values()) {
      for (int i = 1; i <= 2; i++) {
        String id = SampleCatalogueGenerator.photoId(c, i);
        Path rel = Path.of("catalogue/photos", c.word(), id + ".png");
        assertThat(Files.readAllBytes(three.resolve(rel))).isEqualTo(Files.readAllBytes(firstRun.resolve(rel)));
      }
    }
    List<String> small = Files.readAllLines(firstRun.resolve(SampleCatalogueGenerator.SKETCHES_PATH));
    List<String> large = Files.readAllLines(three.resolve(SampleCatalogueGenerator.SKETCHES_PATH));
    assertThat(large).containsAll(small);
    GeneratedInstance third = SampleCatalogueGenerator.generateInstance(SampleCategory.SHOE, 3, TWO);
    assertThat(Files.readAllBytes(three.resolve("catalogue/photos/shoe/shoe-0003.png"))).isEqualTo(third.photoPng());
    assertThat(large).containsAll(third.ndjsonLines());
  }

  @Test
  void theManifestFollowsTheContract() throws IOException {
    List<String> rows = Files.readAllLines(firstRun.resolve(SampleCatalogueGenerator.MANIFEST_PATH));

    assertThat(rows.get(0)).isEqualTo("photo_id,category,split,path");
    assertThat(rows.subList(1, rows.size())).hasSize(4).isSorted();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",", -1);
      assertThat(f).hasSize(4);
      assertThat(f[0]).matches(f[1] + "-\\d{4}");
      assertThat(f[2]).isIn("train", "test");
      assertThat(f[3]).isEqualTo("photos/" + f[1] + "/" + f[0] + ".png");
      assertThat(firstRun.resolve("catalogue").resolve(f[3])).isRegularFile();
    }
  }

  @Test
  void sketchLinesAreQuickDrawRawWithKeysInContractOrder() throws IOException {
    List<String> lines = Files.readAllLines(firstRun.resolve(SampleCatalogueGenerator.SKETCHES_PATH));

    assertThat(lines).hasSizeBetween(4 * 2, 4 * 3);
    List<String> keyIds = new ArrayList<>();
    for (String line : lines) {
      JsonNode n = JSON.readTree(line);
      List<String> keys = new ArrayList<>();
      n.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("key_id", "word", "countrycode", "timestamp", "recognized", "drawing",
          "photo_id", "split");
      assertThat(n.get("key_id").asText()).matches(n.get("photo_id").asText() + "_\\d");
      assertThat(n.get("countrycode").asText()).isEqualTo("ZZ");
      assertThat(n.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{5} UTC");
      assertThat(n.get("recognized").asBoolean()).isTrue();
      double lastT = -1;
      for (JsonNode stroke : n.get("drawing")) {
        assertThat(stroke).hasSize(3);
        int len = stroke.get(0).size();
        assertThat(len).isPositive();
        assertThat(stroke.get(1).size()).isEqualTo(len);
        assertThat(stroke.get(2).size()).isEqualTo(len);
        for (int i = 0; i < len; i++) {
          assertThat(stroke.get(0).get(i).isInt()).isTrue();
          assertThat(stroke.get(0).get(i).asInt()).isBetween(0, 255);
          assertThat(stroke.get(1).get(i).asInt()).isBetween(0, 255);
          double t = stroke.get(2).get(i).asDouble();
          assertThat(t).as("time increases in %s", n.get("key_id")).isGreaterThan(lastT);
          lastT = t;
        }
      }
      keyIds.add(n.get("key_id").asText());
    }
    assertThat(keyIds).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void everySketchPointsToAManifestPhotoWithTheSameSplitAndCategory() throws IOException {
    Map<String, String[]> manifest = new HashMap<>();
    List<String> rows = Files.readAllLines(firstRun.resolve(SampleCatalogueGenerator.MANIFEST_PATH));
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      manifest.put(f[0], f);
    }
    Map<String, Integer> sketchesPerPhoto = new HashMap<>();
    for (String line : Files.readAllLines(firstRun.resolve(SampleCatalogueGenerator.SKETCHES_PATH))) {
      JsonNode n = JSON.readTree(line);
      String[] photo = manifest.get(n.get("photo_id").asText());
      assertThat(photo).as("manifest row of %s", n.get("photo_id")).isNotNull();
      assertThat(n.get("word").asText()).isEqualTo(photo[1]);
      assertThat(n.get("split").asText()).isEqualTo(photo[2]);
      sketchesPerPhoto.merge(photo[0], 1, Integer::sum);
    }
    assertThat(sketchesPerPhoto.keySet()).isEqualTo(manifest.keySet());
    assertThat(sketchesPerPhoto.values()).allSatisfy(k -> assertThat(k).isBetween(2, 3));
  }

  @Test
  void photosDecodeAs256By256Rgb() throws IOException {
    try (Stream<Path> s = Files.walk(firstRun.resolve(SampleCatalogueGenerator.PHOTOS_DIR))) {
      List<Path> pngs = s.filter(p -> p.toString().endsWith(".png")).toList();
      assertThat(pngs).hasSize(4);
      for (Path p : pngs) {
        BufferedImage img = ImageIO.read(p.toFile());
        assertThat(img).as("decoded %s", p).isNotNull();
        assertThat(img.getWidth()).isEqualTo(256);
        assertThat(img.getHeight()).isEqualTo(256);
        assertThat(img.getColorModel().getNumComponents()).isEqualTo(3);
        assertThat(img.getColorModel().hasAlpha()).isFalse();
        // the object is there: a clearly darker region than the light background
        int dark = 0;
        for (int y = 0; y < 256; y += 2) {
          for (int x = 0; x < 256; x += 2) {
            int rgb = img.getRGB(x, y);
            int lum = ((rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255)) / 3;
            if (lum < 200) {
              dark++;
            }
          }
        }
        assertThat(dark).as("object pixels in %s", p).isGreaterThan(500);
      }
    }
  }

  @Test
  void splitsAreSeventyThirtyInEveryBlockOfTen() {
    for (SampleCategory c : SampleCategory.values()) {
      for (int block = 0; block < 10; block++) {
        int tests = 0;
        for (int i = block * 10 + 1; i <= block * 10 + 10; i++) {
          if (SampleCatalogueGenerator.splitOf(c, i, SampleCatalogueGenerator.DEFAULT_SEED).equals("test")) {
            tests++;
          }
        }
        assertThat(tests).as("%s block %d", c, block).isEqualTo(3);
      }
    }
    long differing = java.util.stream.IntStream.rangeClosed(1, 100)
        .filter(i -> !SampleCatalogueGenerator.splitOf(SampleCategory.SHOE, i, 1L)
            .equals(SampleCatalogueGenerator.splitOf(SampleCategory.SHOE, i, 2L)))
        .count();
    assertThat(differing).as("the split depends on the seed").isPositive();
  }

  @Test
  void aSmallerRunRemovesStalePhotosButLeavesOtherFiles(@TempDir Path out) throws IOException {
    SampleCatalogueGenerator.Settings one = TWO.withInstancesPerCategory(1).withSketchesPerInstance(1, 1);
    Files.createDirectories(out.resolve("catalogue/photos/shoe"));
    Files.writeString(out.resolve("README.md"), "keep me");
    Files.writeString(out.resolve("catalogue/photos/shoe/shoe-0007.png"), "stale");
    Files.writeString(out.resolve("catalogue/photos/shoe/notes.txt"), "keep me too");

    SampleCatalogueGenerator.Summary summary = SampleCatalogueGenerator.generate(out, one);

    assertThat(summary.staleFilesRemoved()).isEqualTo(1);
    assertThat(out.resolve("catalogue/photos/shoe/shoe-0007.png")).doesNotExist();
    assertThat(out.resolve("catalogue/photos/shoe/shoe-0001.png")).isRegularFile();
    assertThat(out.resolve("README.md")).hasContent("keep me");
    assertThat(out.resolve("catalogue/photos/shoe/notes.txt")).hasContent("keep me too");
    assertThat(summary.photos()).isEqualTo(2);
    assertThat(summary.sketches()).isEqualTo(2);
    assertThat(summary.photosPerCategory()).containsExactly(Map.entry("chair", 1), Map.entry("shoe", 1));
  }

  @Test
  void theCommandLineGeneratesAndReports(@TempDir Path out) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    int status = SampleCatalogueGenerator.run(new String[] {"--out", out.toString(), "--seed", "7",
        "--instances-per-category=1", "--sketches-per-instance", "2-2", "--threads", "1"},
        new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));

    assertThat(status).isZero();
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .contains("Generated 2 photos", "4 sketches", "seed 7", "manifest.csv", "sketches.ndjson");
    assertThat(out.resolve("catalogue/photos/chair/chair-0001.png")).isRegularFile();
  }

  @Test
  void theCommandLineExplainsBadArguments() {
    assertThat(runWith("--help")).startsWith("0|Usage: SampleCatalogueGenerator");
    assertThat(runWith("--colour", "red")).startsWith("2|").contains("Unknown argument '--colour'", "--help");
    assertThat(runWith("--seed")).startsWith("2|").contains("option --seed needs a value");
    assertThat(runWith("--instances-per-category", "many")).startsWith("2|")
        .contains("needs a whole number but got 'many'");
    assertThat(runWith("--instances-per-category", "0")).startsWith("2|").contains("must be in 1..99999 but was 0");
    assertThat(runWith("--sketches-per-instance", "3-2")).startsWith("2|").contains("MIN-MAX");
  }

  @Test
  void settingsRejectImpossibleValues() {
    SampleCatalogueGenerator.Settings d = SampleCatalogueGenerator.Settings.defaults();
    assertThat(d.seed()).isEqualTo(20261128L);
    assertThat(d.instancesPerCategory()).isEqualTo(100);
    assertThat(d.minSketchesPerInstance()).isEqualTo(2);
    assertThat(d.maxSketchesPerInstance()).isEqualTo(3);
    assertThatThrownBy(() -> d.withThreads(0)).hasMessageContaining("threads must be at least 1");
    assertThatThrownBy(() -> d.withSketchesPerInstance(0, 2)).hasMessageContaining("1 <= MIN <= MAX <= 20");
    assertThatThrownBy(() -> SampleCatalogueGenerator.generateInstance(SampleCategory.SHOE, 0, d))
        .hasMessageContaining("at least 1");
    assertThat(SampleCategory.parse("Shoe")).isEqualTo(SampleCategory.SHOE);
    assertThatThrownBy(() -> SampleCategory.parse("table")).hasMessageContaining("known categories: chair, shoe");
  }

  private static String runWith(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = SampleCatalogueGenerator.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return status + "|" + out.toString(StandardCharsets.UTF_8);
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> out = new ArrayList<>();
      Iterator<Path> it = s.filter(Files::isRegularFile).map(root::relativize).sorted().iterator();
      it.forEachRemaining(out::add);
      return out;
    }
  }
}
