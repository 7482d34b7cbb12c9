package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.testing.FakeEmbedder;
import org.fgsbir.core.testing.TestPhotos;
import org.fgsbir.jobs.spark.SketchInputs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * score-sketches on the file-level sketch formats: the real QMUL Chair-V2 coordinate pickle (its format
 * detected from its bytes; only three chairs embedded, so most test sketches are rejected with
 * photo_not_in_gallery), and a folder mixing SVG sketches, a sketch-rnn stroke-3 {@code .npz} (pipeline-core's
 * test fixtures) and a corrupt SVG, through the fake embedder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoreSketchFilesTest extends SparkTestBase {
  private static final String PICKLE = "qmul-chairv2-sketches/ChairV2_Coordinate";
  private static final String PHOTO_IDS = "qmul-chairv2-sketches/chairv2_photo_ids.tsv";
  private static final List<String> SVGS = List.of("2429245009_1.svg", "2429245009_2.svg", "3302107001_12.svg");
  private static final int TOP_K = 3;

  @TempDir static Path tmp;

  private final ModelSpec spec = FakeEmbedder.spec();
  /** Test-split chairs embedded, with their number of sketches. */
  private final Map<String, Integer> chairs = new HashMap<>();
  private int testSketches;

  @BeforeAll
  void embedPhotos() throws IOException {
    startSpark();
    List<String[]> rows = Files.readAllLines(external(PHOTO_IDS)).stream().skip(1).map(l -> l.split("\t"))
        .filter(r -> r[1].equals("test")).toList();
    testSketches = rows.stream().mapToInt(r -> Integer.parseInt(r[2])).sum();
    for (String[] r : rows.subList(0, 3)) {
      chairs.put(r[0], Integer.parseInt(r[2]));
    }
    int variant = 0;
    for (String id : chairs.keySet()) {
      TestPhotos.write(tmp.resolve("photos/chair/" + id + ".png"), TestPhotos.shape(variant, 48, variant));
      variant++;
    }
    for (String id : List.of("2429245009", "3302107001")) {
      TestPhotos.write(tmp.resolve("photos/shoe/" + id + ".png"), TestPhotos.shape(variant, 48, variant));
      variant++;
    }
    EmbedCatalogueJob.run(spark, new EmbedCatalogueJob.Options(path("photos"), path("embeddings"),
        path("photo_rejects"), spec, 8));
  }

  @Test
  void scoresTheRealChairV2PickleAndRejectsSketchesOfPhotosNotEmbedded() {
    ScoreSketchesJob.Result result = score(external(PICKLE).toString(), "auto", "chair", "test", "run-pickle");

    int paired = chairs.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(result.sketchesIn()).isEqualTo(testSketches).isEqualTo(result.scored() + result.rejected());
    assertThat(result.scored()).isEqualTo(paired);
    assertThat(result.resultRows()).isEqualTo(paired * 4L);
    List<Row> results = rows("results", "run-pickle");
    assertThat(results.stream().map(r -> (String) r.getAs(Schemas.PHOTO_ID)).collect(Collectors.toSet()))
        .isEqualTo(chairs.keySet());
    assertThat(results).allMatch(r -> r.getAs(Schemas.CATEGORY).equals("chair")
        && (int) r.getAs(Schemas.GALLERY_SIZE) == chairs.size());
    List<Row> rejects = rows("sketch_rejects", "run-pickle");
    assertThat(rejects).hasSize(testSketches - paired)
        .allMatch(r -> r.getAs(Schemas.REASON_CODE).equals("photo_not_in_gallery")
            && (long) r.getAs(Schemas.LINE) == 0L && ((String) r.getAs(Schemas.SOURCE)).endsWith("ChairV2_Coordinate"));
  }

  @Test
  void scoresAMixedFolderAndRejectsACorruptFileOnce() throws IOException {
    Path folder = tmp.resolve("mixed");
    for (String svg : SVGS) {
      copyResource("/svg/shoes/" + svg, folder.resolve("svg/" + svg));
    }
    copyResource("/svg/shoes/notes.txt", folder.resolve("svg/notes.txt"));
    copyResource("/stroke3/sketchrnn_cat.npz", folder.resolve("sketchrnn_cat.npz"));
    Files.writeString(folder.resolve("svg/broken_1.svg"), "<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0 L",
        StandardCharsets.UTF_8);

    ScoreSketchesJob.Result result = score(folder.toString(), "auto", "shoe", null, "run-mixed");

    // 3 SVG sketches scored; 6 stroke-3 sketches have no photo; the corrupt SVG is one record.
    assertThat(result.sketchesIn()).isEqualTo(3 + 6 + 1).isEqualTo(result.scored() + result.rejected());
    assertThat(result.scored()).isEqualTo(3);
    assertThat(result.resultRows()).isEqualTo(3 * 4L);
    Set<String> scoredIds = rows("results", "run-mixed").stream().map(r -> (String) r.getAs(Schemas.SKETCH_ID))
        .collect(Collectors.toSet());
    assertThat(scoredIds).containsExactlyInAnyOrder("2429245009_1", "2429245009_2", "3302107001_12");
    List<Row> rejects = rows("sketch_rejects", "run-mixed");
    Map<String, Long> reasons = rejects.stream()
        .collect(Collectors.groupingBy(r -> (String) r.getAs(Schemas.REASON_CODE), Collectors.counting()));
    assertThat(reasons).isEqualTo(Map.of("no_paired_photo", 6L, "malformed", 1L));
    Row bad = rejects.stream().filter(r -> r.getAs(Schemas.REASON_CODE).equals("malformed")).findFirst()
        .orElseThrow();
    assertThat((String) bad.getAs(Schemas.SOURCE)).endsWith("svg/broken_1.svg");
    assertThat((long) bad.getAs(Schemas.LINE)).isZero();
    assertThat((String) bad.getAs(Schemas.SKETCH_ID)).isNull();
    assertThat((String) bad.getAs(Schemas.MESSAGE)).contains("broken_1.svg").contains("none of its sketches");
    Set<String> noPhoto = new HashSet<>();
    for (Row r : rejects) {
      if (r.getAs(Schemas.REASON_CODE).equals("no_paired_photo")) {
        noPhoto.add(r.getAs(Schemas.SKETCH_ID));
        assertThat((String) r.getAs(Schemas.SOURCE)).endsWith("sketchrnn_cat.npz");
      }
    }
    assertThat(noPhoto).hasSize(6).allMatch(id -> id.startsWith("sketchrnn_cat/"));

    // An explicit format takes only its own files from a folder: here the SVGs (the corrupt one included).
    assertThat(SketchInputs.files(spark, folder.toString(), "svg")).hasSize(4).allMatch(f -> f.endsWith(".svg"));
    assertThat(SketchInputs.files(spark, folder.toString(), "stroke3")).singleElement().asString()
        .endsWith("sketchrnn_cat.npz");
    assertThat(SketchInputs.formats(spark, SketchInputs.files(spark, folder.toString(), "auto"), "auto"))
        .containsExactly("STROKE3_NPZ", "SVG", "SVG", "SVG", "SVG");
  }

  @Test
  void fileLevelFormatsNeedACategory() throws IOException {
    Path npz = copyResource("/stroke3/sketchrnn_cat.npz", tmp.resolve("nocat/cat.npz"));
    assertThatThrownBy(() -> score(npz.toString(), "auto", null, null, "run-nocat"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cat.npz is in stroke3 format").hasMessageContaining("no default category");
  }

  private ScoreSketchesJob.Result score(String sketches, String format, String category, String split,
      String run) {
    return ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(sketches, format, category, split,
        path("embeddings"), null, path("results"), path("sketch_rejects"), run, spec, List.of("points4"), TOP_K,
        16));
  }

  private List<Row> rows(String table, String run) {
    return new ArrayList<>(spark.read().parquet(path(table)).where("run_id = '" + run + "'").collectAsList());
  }

  private String path(String name) {
    return tmp.resolve(name).toString();
  }

  private static Path copyResource(String resource, Path to) {
    try (InputStream in = ScoreSketchFilesTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("test resource %s (pipeline-core's test-jar)", resource).isNotNull();
      Files.createDirectories(to.getParent());
      Files.write(to, in.readAllBytes());
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file under the real data beside the project; fails the test (never skips) when it is absent. */
  private static Path external(String relative) {
    String root = System.getProperty("fgsbir.project.root", ".");
    Path file = Path.of(root).resolve("../shared/external-data").resolve(relative).normalize();
    assertThat(file).as("real data file %s (the data lives in ../shared/external-data beside the project)", file)
        .isRegularFile();
    return file;
  }
}
