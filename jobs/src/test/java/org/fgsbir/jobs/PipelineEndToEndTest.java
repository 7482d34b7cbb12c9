package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.metrics.RankedStep;
import org.fgsbir.core.metrics.RetrievalMetrics;
import org.fgsbir.core.metrics.Summary;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.partial.PartialSketch;
import org.fgsbir.core.raster.Rasterizer;
import org.fgsbir.core.retrieval.ExactRetrieval;
import org.fgsbir.core.retrieval.Gallery;
import org.fgsbir.core.retrieval.RetrievalResult;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.testing.FakeEmbedder;
import org.fgsbir.core.testing.TestSketches;
import org.fgsbir.jobs.spark.Galleries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three jobs in a row on a tiny catalogue (7 photos of 2 categories plus a corrupt file) and two
 * sketch files (7 paired sketches, one of another split, 5 that cannot be scored), through the fake
 * embedder. The pipeline runs once; each test checks one aspect of its output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineEndToEndTest extends SparkTestBase {
  private static final String RUN = "run-e2e";
  private static final int TOP_K = 5;

  @TempDir static Path tmp;

  private final ModelSpec spec = FakeEmbedder.spec();
  private final Map<String, Sketch> scoredSketches = new HashMap<>();
  private EmbedCatalogueJob.Result embedded;
  private ScoreSketchesJob.Result scored;
  private ReportJob.Result report;
  private int sketchEmbeddersOpened;
  private int sketchEmbeddersClosed;

  @BeforeAll
  void runPipeline() {
    startSpark();
    Path photos = TestCatalogue.writeFolder(tmp.resolve("photos"));
    embedded = EmbedCatalogueJob.run(spark, new EmbedCatalogueJob.Options(photos.toString(), path("embeddings"),
        path("photo_rejects"), spec, 4));

    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (int i = 0; i < TestCatalogue.PHOTOS.size(); i++) {
      TestCatalogue.Photo p = TestCatalogue.PHOTOS.get(i);
      Sketch s = TestSketches.shape(p.id() + "_1", p.category(), p.id(), "test", p.variant());
      scoredSketches.put(s.id(), s);
      (i % 2 == 0 ? a : b).add(TestSketches.quickDrawLine(s));
    }
    a.add(TestSketches.quickDrawLine(TestSketches.shape("shoe-0001_train", "shoe", "shoe-0001", "train", 0)));
    a.add("");
    a.add("{\"key_id\": \"broken\", \"word\": \"shoe\", \"drawing\": [[[1, 2], [3");
    b.add(TestSketches.quickDrawLine(TestSketches.shape("unpaired", "shoe", null, "test", 1)));
    b.add(TestSketches.quickDrawLine(TestSketches.shape("lost", "shoe", "shoe-0404", "test", 1)));
    b.add(TestSketches.quickDrawLine(
        TestSketches.shape("of-corrupt", "chair", TestCatalogue.CORRUPT_ID, "test", 4)));
    b.add(TestSketches.quickDrawLine(TestSketches.shape("hat-1", "hat", "hat-0001", "test", 2)));
    TestSketches.writeLines(tmp.resolve("sketches/a.ndjson"), a);
    TestSketches.writeLines(tmp.resolve("sketches/b.ndjson"), b);

    int opened = FakeEmbedder.openedCount();
    int closed = FakeEmbedder.closedCount();
    scored = ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(tmp.resolve("sketches").toString(), "auto",
        null, "test", path("embeddings"), null, path("results"), path("sketch_rejects"), RUN, spec,
        List.of("points17", "stroke"), TOP_K, 8));
    sketchEmbeddersOpened = FakeEmbedder.openedCount() - opened;
    sketchEmbeddersClosed = FakeEmbedder.closedCount() - closed;

    report = ReportJob.run(spark, new ReportJob.Options(path("results"), RUN, path("report")));
  }

  private String path(String name) {
    return tmp.resolve(name).toString();
  }

  /** This run's results (other tests add runs to the same table). */
  private Dataset<Row> results() {
    return spark.read().parquet(path("results")).where("run_id = '" + RUN + "'");
  }

  @Test
  void countsAddUpForPhotosAndSketches() {
    int n = TestCatalogue.PHOTOS.size();
    assertThat(embedded.photosIn()).isEqualTo(embedded.written() + embedded.rejected()).isEqualTo(n + 1);
    assertThat(embedded.rejected()).isEqualTo(1);

    assertThat(scored.sketchesIn()).isEqualTo(scored.scored() + scored.rejected());
    assertThat(scored.scored()).isEqualTo(n);
    assertThat(scored.rejected()).isEqualTo(5);
    assertThat(scored.sketchesIn()).isEqualTo(n + 5); // the train sketch is skipped, the blank line ignored
    int expectedRows = scoredSketches.values().stream().mapToInt(s -> 17 + s.strokeCount()).sum();
    assertThat(scored.resultRows()).isEqualTo(expectedRows);
    assertThat(scored.runId()).isEqualTo(RUN);
    assertThat(sketchEmbeddersOpened).isPositive().isEqualTo(sketchEmbeddersClosed);
  }

  @Test
  void tablesReadBackWithTheDeclaredSchemas() {
    assertThat(spark.read().parquet(path("embeddings")).schema())
        .isEqualTo(Schemas.asNullable(Schemas.embeddings(spec.dimension())));
    assertThat(spark.read().parquet(path("photo_rejects")).schema()).isEqualTo(Schemas.asNullable(Schemas.PHOTO_REJECTS));
    assertThat(spark.read().parquet(path("results")).schema()).isEqualTo(Schemas.asNullable(Schemas.RESULTS));
    assertThat(spark.read().parquet(path("sketch_rejects")).schema())
        .isEqualTo(Schemas.asNullable(Schemas.SKETCH_REJECTS));
    assertThat(spark.read().parquet(path("report/steps")).schema()).isEqualTo(Schemas.asNullable(Schemas.REPORT_STEPS));
    assertThat(spark.read().parquet(path("report/summary")).schema())
        .isEqualTo(Schemas.asNullable(Schemas.REPORT_SUMMARY));
  }

  @Test
  void everySketchHasOneRowPerStepWithRanksInsideItsGallery() {
    Dataset<Row> results = results();
    Map<String, Integer> gallerySizes = Map.of("shoe", 4, "chair", 3);
    for (Row r : results.collectAsList()) {
      String category = r.getAs(Schemas.CATEGORY);
      int g = r.getAs(Schemas.GALLERY_SIZE);
      int rank = r.getAs(Schemas.RANK);
      assertThat(g).isEqualTo(gallerySizes.get(category));
      assertThat(rank).isBetween(1, g);
      List<String> top = r.getList(r.fieldIndex(Schemas.TOP_K_PHOTO_IDS));
      List<Float> scores = r.getList(r.fieldIndex(Schemas.TOP_K_SCORES));
      assertThat(top).hasSize(Math.min(TOP_K, g)).doesNotHaveDuplicates()
          .allMatch(id -> id.startsWith(category + "-"));
      assertThat(scores).hasSameSizeAs(top).isSortedAccordingTo((x, y) -> Float.compare(y, x));
      // The true photo's position in the top list agrees with its rank.
      assertThat(top.indexOf((String) r.getAs(Schemas.PHOTO_ID))).isLessThan(rank);
      assertThat((String) r.getAs(Schemas.MODEL_VERSION)).isEqualTo(spec.version());
      assertThat((String) r.getAs(Schemas.RUN_ID)).isEqualTo(RUN);
    }
    Map<String, Long> rowsPerSketchAndProtocol = results.groupBy(Schemas.SKETCH_ID, Schemas.PROTOCOL).count()
        .collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0) + "/" + r.getString(1), r -> r.getLong(2)));
    Map<String, Long> expected = new HashMap<>();
    for (Sketch s : scoredSketches.values()) {
      expected.put(s.id() + "/points17", 17L);
      expected.put(s.id() + "/stroke", (long) s.strokeCount());
    }
    assertThat(rowsPerSketchAndProtocol).isEqualTo(expected);
    // The last step of each protocol is the complete sketch.
    assertThat(results.where("step = steps_total and fraction_drawn != 1.0").count()).isZero();
  }

  @Test
  void rejectsNameTheRecordAndTheReason() {
    List<Row> rejects = spark.read().parquet(path("sketch_rejects")).where("run_id = '" + RUN + "'")
        .collectAsList();
    Map<String, String> reasonBySketch = rejects.stream().collect(Collectors.toMap(
        r -> String.valueOf((String) r.getAs(Schemas.SKETCH_ID)), r -> r.getAs(Schemas.REASON_CODE)));
    assertThat(reasonBySketch).isEqualTo(Map.of("null", "malformed", "unpaired", "no_paired_photo",
        "lost", "photo_not_in_gallery", "of-corrupt", "photo_not_in_gallery", "hat-1", "no_gallery"));
    Map<String, Row> byReason = rejects.stream()
        .collect(Collectors.toMap(r -> r.getString(r.fieldIndex(Schemas.REASON_CODE)), r -> r, (x, y) -> x));
    Row malformed = byReason.get("malformed");
    assertThat((String) malformed.getAs(Schemas.SOURCE)).endsWith("a.ndjson");
    assertThat((long) malformed.getAs(Schemas.LINE)).isEqualTo(7L); // 4 sketches, the train sketch, a blank line
    assertThat((String) malformed.getAs(Schemas.SKETCH_ID)).isNull();
    assertThat((String) byReason.get("no_gallery").getAs(Schemas.MESSAGE)).contains("hat-1").contains("'hat'");
    assertThat((String) malformed.getAs(Schemas.MESSAGE)).contains("a.ndjson:7");
    assertThat((String) byReason.get("no_paired_photo").getAs(Schemas.MESSAGE)).contains("unpaired")
        .contains("b.ndjson:4").contains("photo_id");
  }

  @Test
  void reportEqualsTheCoreMetricsOfTheResults() {
    List<Row> rows = results().collectAsList();
    for (ReportJob.SummaryLine line : report.summary()) {
      List<RankedStep> steps = rows.stream()
          .filter(r -> r.getAs(Schemas.PROTOCOL).equals(line.protocol()))
          .map(r -> new RankedStep(r.getAs(Schemas.SKETCH_ID), r.getAs(Schemas.STEP), r.getAs(Schemas.STEPS_TOTAL),
              r.getAs(Schemas.RANK), r.getAs(Schemas.GALLERY_SIZE)))
          .toList();
      Summary expected = RetrievalMetrics.summarise(steps);
      assertThat(line.sketches()).isEqualTo(expected.sketches()).isEqualTo(TestCatalogue.PHOTOS.size());
      assertThat(line.mA()).isCloseTo(expected.mA(), within(1e-12));
      assertThat(line.mB()).isCloseTo(expected.mB(), within(1e-12));
      assertThat(line.acc1()).isCloseTo(expected.acc1(), within(1e-12));
      assertThat(line.gallerySizeMin()).isEqualTo(3);
      assertThat(line.gallerySizeMax()).isEqualTo(4);
    }
    assertThat(report.steps()).filteredOn(s -> s.protocol().equals("points17")).hasSize(17)
        .allMatch(s -> s.queries() == TestCatalogue.PHOTOS.size());
  }

  /**
   * The job scores with a blocked kernel; every row's rank and top photo ids equal what
   * {@link ExactRetrieval} gives for the same partial sketch, re-embedded here one query at a time
   * (scores may differ in the last bits: the kernel sums in another order).
   */
  @Test
  void everyRankAndTopListEqualsExactRetrieval() {
    Map<String, Gallery> galleries = Galleries.load(spark, path("embeddings"), spec.version(), spec.dimension());
    Map<String, Row> rows = new HashMap<>();
    for (Row r : results().collectAsList()) {
      rows.put(r.getAs(Schemas.SKETCH_ID) + "/" + r.getAs(Schemas.PROTOCOL) + "/" + r.getAs(Schemas.STEP), r);
    }
    int checked = 0;
    try (Embedder embedder = Embedders.open(spec, Branch.SKETCH)) {
      for (Sketch sketch : scoredSketches.values()) {
        Gallery gallery = galleries.get(sketch.category());
        for (String protocol : List.of("points17", "stroke")) {
          for (PartialSketch step : PartialProtocol.parse(protocol).steps(sketch)) {
            float[] query = embedder.embed(List.of(Rasterizer.render(step.drawn(), step.complete(), spec.sketch())))[0];
            RetrievalResult exact = ExactRetrieval.search(query, gallery, gallery.indexOf(sketch.photoId().get()),
                TOP_K);
            Row r = rows.get(sketch.id() + "/" + step.protocol() + "/" + step.step());
            assertThat(r).as("%s %s step %d", sketch.id(), protocol, step.step()).isNotNull();
            assertThat((int) r.getAs(Schemas.RANK)).as("rank of %s %s step %d", sketch.id(), protocol, step.step())
                .isEqualTo(exact.rank());
            List<String> ids = new ArrayList<>();
            for (int i : exact.topIndices()) {
              ids.add(gallery.id(i));
            }
            assertThat(r.<String>getList(r.fieldIndex(Schemas.TOP_K_PHOTO_IDS))).isEqualTo(ids);
            List<Float> scores = r.getList(r.fieldIndex(Schemas.TOP_K_SCORES));
            for (int i = 0; i < ids.size(); i++) {
              assertThat(scores.get(i)).isCloseTo(exact.topScores()[i], within(1e-5f));
            }
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(rows.size()).isEqualTo((int) scored.resultRows());
  }

  /** Golden: the report of this fixed input through the fake embedder (6 decimals). */
  @Test
  void reportMatchesTheGoldenFile() throws Exception {
    StringBuilder text = new StringBuilder("# run, model, protocol, step, queries, fraction drawn, acc@1, acc@5,"
        + " acc@10, mean 1/rank, mean percentile\n");
    for (ReportJob.StepLine s : report.steps()) {
      text.append(String.format(Locale.ROOT, "step %s %s %s %d %d %.6f %.6f %.6f %.6f %.6f %.6f%n", s.runId(),
          s.modelVersion(), s.protocol(), s.step(), s.queries(), s.meanFractionDrawn(), s.acc1(), s.acc5(),
          s.acc10(), s.meanReciprocalRank(), s.meanPercentile()));
    }
    text.append("# run, model, protocol, m@A, m@B, acc@1, acc@5, acc@10, sketches, gallery min, gallery max\n");
    for (ReportJob.SummaryLine s : report.summary()) {
      text.append(String.format(Locale.ROOT, "summary %s %s %s %.6f %.6f %.6f %.6f %.6f %d %d %d%n", s.runId(),
          s.modelVersion(), s.protocol(), s.mA(), s.mB(), s.acc1(), s.acc5(), s.acc10(), s.sketches(),
          s.gallerySizeMin(), s.gallerySizeMax()));
    }
    Golden.check("pipeline-report-fake.txt", text.toString());
  }

  @Test
  void scoresSketchXFilesWithTheDefaultCategory() {
    List<String> lines = new ArrayList<>();
    for (TestCatalogue.Photo p : TestCatalogue.PHOTOS) {
      if (p.category().equals("chair")) {
        lines.add(TestSketches.sketchXLine(TestSketches.shape("sx-" + p.id(), "ignored", p.id(), "test", p.variant())));
      }
    }
    TestSketches.writeLines(tmp.resolve("sketchx/chairs.ndjson"), lines);
    ScoreSketchesJob.Options options = new ScoreSketchesJob.Options(path("sketchx"), "auto", "chair", null,
        path("embeddings"), spec.version(), path("results"), path("sketch_rejects"), "run-sketchx", spec,
        List.of("points17"), TOP_K, 16);

    ScoreSketchesJob.Result result = ScoreSketchesJob.run(spark, options);

    assertThat(result).isEqualTo(new ScoreSketchesJob.Result(3, 3, 0, 3 * 17, "run-sketchx"));
    assertThat(spark.read().schema(Schemas.RESULTS).parquet(path("results"))
        .where("run_id = 'run-sketchx' and category = 'chair' and gallery_size = 3").count()).isEqualTo(3 * 17);
    // The other run's partition is untouched.
    assertThat(spark.read().schema(Schemas.RESULTS).parquet(path("results")).where("run_id = '" + RUN + "'")
        .count()).isEqualTo(scored.resultRows());
    assertThatThrownBy(() -> ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(path("sketchx"), "sketchx",
        null, null, path("embeddings"), null, path("results"), path("sketch_rejects"), "run-sketchx-2", spec,
        List.of("points17"), TOP_K, 16)))
        .hasMessageContaining("chairs.ndjson is in SketchX format").hasMessageContaining("no default category");
  }

  @Test
  void refusesRepeatedSketchIdsRepeatedProtocolsAndAMissingGallery() {
    Sketch s = scoredSketches.get("shoe-0001_1");
    TestSketches.writeLines(tmp.resolve("dups.ndjson"), List.of(TestSketches.quickDrawLine(s),
        TestSketches.quickDrawLine(s)));
    assertThatThrownBy(() -> ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(path("dups.ndjson"),
        "quickdraw", null, null, path("embeddings"), null, path("results"), path("sketch_rejects"), "run-dups",
        spec, List.of("stroke"), TOP_K, 8)))
        .hasMessageContaining("Sketch ids must be unique").hasMessageContaining("shoe-0001_1")
        .hasMessageContaining("dups.ndjson:1").hasMessageContaining("dups.ndjson:2");
    assertThatThrownBy(() -> ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(path("dups.ndjson"),
        "quickdraw", null, null, path("embeddings"), null, path("results"), path("sketch_rejects"), "run-v9",
        FakeEmbedder.spec("fake-v9", 16), List.of("stroke"), TOP_K, 8)))
        .hasMessageContaining("no vectors of model version fake-v9").hasMessageContaining("[fake-v1]");
    assertThatThrownBy(() -> ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(path("dups.ndjson"),
        "quickdraw", null, null, path("embeddings"), null, path("results"), path("sketch_rejects"), "run-p",
        spec, List.of("stroke", "points17", "stroke"), TOP_K, 8)))
        .hasMessageContaining("Protocol stroke is listed twice");
  }
}
