package org.fgsbir.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every record of the real files parses, with the statistics their SOURCE.md files state.
 */
class RealSketchFilesTest {
  private static final String CHAIRS = "qmul-chairv2-sketches/chairv2_sketches.ndjson";
  private static List<Sketch> chairs;

  @BeforeAll
  static void readChairSketchesOnce() {
    chairs = SketchXReader.readAll(ExternalData.file(CHAIRS), "chair");
  }

  @Test
  void quickDrawFirst25OfAll344CategoriesParseWithTheStatedStatistics() throws IOException {
    Path file = ExternalData.file("quickdraw-simplified-first25/all_344_categories_first25.ndjson");

    List<Sketch> sketches = QuickDrawReader.readAll(file);

    assertThat(sketches).hasSize(8_600);
    assertThat(sketches).hasSize(nonBlankLines(file));
    Map<String, Long> perCategory = sketches.stream()
        .collect(Collectors.groupingBy(Sketch::category, Collectors.counting()));
    assertThat(perCategory).hasSize(344);
    assertThat(perCategory.values()).containsOnly(25L);
    assertThat(sketches.stream().mapToInt(Sketch::strokeCount).summaryStatistics())
        .satisfies(s -> {
          assertThat(s.getMin()).isEqualTo(1);
          assertThat(s.getMax()).isEqualTo(55);
          assertThat(roundTo1Decimal(s.getAverage())).isEqualTo(5.3);
        });
    assertThat(sketches.stream().mapToInt(Sketch::pointCount).summaryStatistics())
        .satisfies(s -> {
          assertThat(s.getMin()).isEqualTo(2);
          assertThat(s.getMax()).isEqualTo(503);
          assertThat(roundTo1Decimal(s.getAverage())).isEqualTo(44.5);
        });
    assertThat(sketches.stream().filter(s -> s.photoId().isPresent() || s.split().isPresent())).isEmpty();
    assertThat(sketches.stream().flatMap(s -> s.strokes().stream()).filter(Stroke::hasTime)).isEmpty();
    // integer coordinates in 0..255
    assertThat(union(sketches)).isEqualTo(new Bounds(0, 0, 255, 255));
    assertThat(sketches.stream().flatMap(s -> s.strokes().stream())
        .flatMap(s -> Stream.of(s.xs(), s.ys()))
        .allMatch(v -> IntStream.range(0, v.length).allMatch(i -> v[i] == Math.rint(v[i]))))
        .isTrue();
  }

  @Test
  void quickDrawShoeAndChairFilesHold25DrawingsOfTheirCategory() {
    for (String category : List.of("shoe", "chair")) {
      List<Sketch> sketches = QuickDrawReader.readAll(
          ExternalData.file("quickdraw-simplified-first25/" + category + ".ndjson"));

      assertThat(sketches).as(category).hasSize(25);
      assertThat(sketches).as(category).allSatisfy(s -> assertThat(s.category()).isEqualTo(category));
      assertThat(sketches.stream().map(Sketch::id).collect(Collectors.toSet())).hasSize(25);
    }
  }

  @Test
  void quickDrawFileReadsTheSameThroughTheDetectingReader() {
    Path file = ExternalData.file("quickdraw-simplified-first25/shoe.ndjson");

    assertThat(SketchReaders.readAll(file, null, null)).isEqualTo(QuickDrawReader.readAll(file));
  }

  @Test
  void chairV2SketchesParseWithTheStatedStatistics() throws IOException {
    List<Sketch> sketches = chairs;

    assertThat(sketches).hasSize(1_275);
    assertThat(sketches).hasSize(nonBlankLines(ExternalData.file(CHAIRS)));
    assertThat(sketches.stream().map(Sketch::category).distinct()).containsExactly("chair");
    assertThat(sketches.stream().flatMap(s -> s.strokes().stream()).filter(Stroke::hasTime)).isEmpty();
    assertThat(sketches.stream().mapToInt(Sketch::pointCount).summaryStatistics())
        .satisfies(s -> {
          assertThat(s.getMin()).isEqualTo(40);
          assertThat(s.getMax()).isEqualTo(519);
          assertThat(Math.round(s.getAverage())).isEqualTo(113);
        });
    assertThat(sketches.stream().mapToInt(Sketch::strokeCount).summaryStatistics())
        .satisfies(s -> {
          assertThat(s.getMin()).isEqualTo(1);
          assertThat(s.getMax()).isEqualTo(15);
        });
    assertThat(sketches.stream().filter(s -> s.strokeCount() == 15).count()).isEqualTo(299);
    // x, y placed within [33, 223] on a 256 x 256 canvas.
    Bounds all = union(sketches);
    assertThat(all.minX()).isGreaterThanOrEqualTo(33f);
    assertThat(all.minY()).isGreaterThanOrEqualTo(33f);
    assertThat(all.maxX()).isLessThanOrEqualTo(223f);
    assertThat(all.maxY()).isLessThanOrEqualTo(223f);
  }

  @Test
  void chairV2SplitsAndPhotoIdsMatchSourceRulesAndThePhotoIdTable() throws IOException {
    List<Sketch> sketches = chairs;

    Map<String, Long> sketchesPerSplit = sketches.stream()
        .collect(Collectors.groupingBy(s -> s.split().orElseThrow(), Collectors.counting()));
    assertThat(sketchesPerSplit).containsOnly(Map.entry("train", 952L), Map.entry("test", 323L));
    Map<String, Set<String>> photosPerSplit = new HashMap<>();
    Map<String, Integer> sketchesPerPhoto = new HashMap<>();
    for (Sketch s : sketches) {
      String photo = s.photoId().orElseThrow();
      // SOURCE.md: photo = '_'.join(name.split('/')[-1].split('_')[:-1]); split = first path element.
      assertThat(photo).as(s.id()).isEqualTo(photoIdOfSketchPath(s.id()));
      assertThat(s.id()).startsWith("/" + s.split().orElseThrow() + "/");
      photosPerSplit.computeIfAbsent(s.split().orElseThrow(), k -> new HashSet<>()).add(photo);
      sketchesPerPhoto.merge(photo, 1, Integer::sum);
    }
    assertThat(photosPerSplit.get("train")).hasSize(300);
    assertThat(photosPerSplit.get("test")).hasSize(100);
    assertThat(photosPerSplit.get("train")).doesNotContainAnyElementsOf(photosPerSplit.get("test"));

    List<String> rows = Files.readAllLines(
        ExternalData.file("qmul-chairv2-sketches/chairv2_photo_ids.tsv"), StandardCharsets.UTF_8);
    assertThat(rows.get(0)).isEqualTo("photo_id\tsplit\tnum_sketches");
    Map<String, Integer> tableCounts = new HashMap<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split("\t");
      assertThat(cells).as(row).hasSize(3);
      assertThat(photosPerSplit.get(cells[1])).as(row).contains(cells[0]);
      tableCounts.put(cells[0], Integer.parseInt(cells[2]));
    }
    assertThat(tableCounts).isEqualTo(sketchesPerPhoto);
  }

  private static String photoIdOfSketchPath(String name) {
    String[] path = name.split("/");
    String last = path[path.length - 1];
    return last.substring(0, last.lastIndexOf('_'));
  }

  private static Bounds union(List<Sketch> sketches) {
    float minX = Float.POSITIVE_INFINITY;
    float minY = Float.POSITIVE_INFINITY;
    float maxX = Float.NEGATIVE_INFINITY;
    float maxY = Float.NEGATIVE_INFINITY;
    for (Sketch sketch : sketches) {
      Bounds b = sketch.bounds();
      minX = Math.min(minX, b.minX());
      minY = Math.min(minY, b.minY());
      maxX = Math.max(maxX, b.maxX());
      maxY = Math.max(maxY, b.maxY());
    }
    return new Bounds(minX, minY, maxX, maxY);
  }

  private static double roundTo1Decimal(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static int nonBlankLines(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return (int) lines.filter(l -> !l.isBlank()).count();
    }
  }
}
